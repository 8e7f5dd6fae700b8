import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { EventSerde } from '@panda2zoho/events';
import { createKafka } from '@panda2zoho/kafka';
import { kafkaBrokers, registryUrl } from '@panda2zoho/local-stack';
import { createLogger } from '@panda2zoho/observability';
import { MIN_OPERATOR_TOKEN_LENGTH, type RollbackReport } from '@panda2zoho/zoho-writer';
import { CliError, EXIT } from '../exit-codes.ts';
import { LOCAL_PORTS, localStackConfig } from '../local-defaults.ts';
import { writerCredits, writerUrl } from '../metric-sum.ts';
import { ProgressRenderer } from '../progress.ts';
import { runRollback, type RollbackResult } from './rollback-run.ts';

interface RollbackOptions {
  run: string;
  location?: string;
  since?: string;
  includeProvisioning?: boolean;
  force?: boolean;
  dryRun?: boolean;
  json?: boolean;
  yes?: boolean;
  operator?: string;
  stepTimeout: string;
}

/**
 * What `--include-provisioning` removes, from the ledger's PROVISION entries of the run, and what it
 * cannot: Zoho documents no API that deletes a custom module or removes a layout section.
 */
export const PROVISIONING_NOTE =
  'removes the Deals account the writer created and, last, every custom field the run\'s provisioning created (ledgered as PROVISION; a field\'s values go with it). ' +
  'Kept: custom modules it created (Zoho documents no API that deletes a module: their custom fields are deleted, the empty module stays; delete it in Zoho Setup > Modules and Fields), ' +
  'layout sections (no documented API removes one: the Contacts "Periodontal" section is left empty; remove it in Setup > Layouts), ' +
  'fields another run\'s records still hold values in (FIELD_IN_USE_BY_OTHER_RUN; --force deletes them) and fields provisioned by another run or before provisioning was ledgered';

/** Without --include-provisioning. */
export const PROVISIONING_KEPT_NOTE = 'kept: the custom fields and modules provisioning created and the Deals account (--include-provisioning, whole-run rollback only, removes what the run provisioned)';

function provisioningLines(plan: RollbackResult['plan'], included: boolean): string[] {
  const note = included ? PROVISIONING_NOTE : PROVISIONING_KEPT_NOTE;
  return [`provisioning: ${note}`, ...plan.keptModules.map((m) => `  kept module ${m}: created by this run's provisioning; no Zoho API deletes a module (delete it in Zoho Setup)`)];
}

/** Operator actions need the operator token (P2Z_OPERATOR_TOKEN, the writer's) and a name to record. */
export function operatorFrom(env: NodeJS.ProcessEnv, operator: string | undefined): { name: string; token: string } {
  const token = env['P2Z_OPERATOR_TOKEN'];
  if (!token || token.length < MIN_OPERATOR_TOKEN_LENGTH) throw new CliError(`rollback needs P2Z_OPERATOR_TOKEN (the zoho-writer's operator token, at least ${MIN_OPERATOR_TOKEN_LENGTH} characters)`, EXIT.PRECONDITION);
  const name = (operator ?? env['P2Z_OPERATOR_NAME'] ?? '').trim();
  if (name === '') throw new CliError('rollback needs --operator <name> (or P2Z_OPERATOR_NAME): it is recorded in every compensation', EXIT.USAGE);
  return { name, token };
}

export function parseSince(since: string | undefined): number | null {
  if (since === undefined) return null;
  const ms = Date.parse(since);
  if (!/^\d{4}-\d{2}-\d{2}/.test(since) || !Number.isFinite(ms)) throw new CliError(`--since must be an ISO date-time (e.g. 2026-11-25T14:00:00Z), got ${JSON.stringify(since)}`, EXIT.USAGE);
  return ms;
}

const COLUMNS = ['deleted', 'restored', 'alreadyGone', 'skipped', 'failed', 'pending'] as const;

export function formatRollback({ plan, report }: RollbackResult, dryRun: boolean, includeProvisioning = false): string {
  const provisioning = provisioningLines(plan, includeProvisioning);
  if (dryRun) {
    const lines = plan.steps.flat().reduce((m, c) => m.set(`${c.module} ${c.action}`, (m.get(`${c.module} ${c.action}`) ?? 0) + 1), new Map<string, number>());
    return [`Rollback ${report.rollbackId} (dry run: nothing sent)`, ...[...lines].map(([k, n]) => `  ${k}: ${n}`), ...plan.skipped.map((s) => `  skipped ${s.module} ${s.recordKey}: ${s.code}`), ...provisioning.map((l) => `  ${l}`)].join('\n');
  }
  const header = ['module', 'deleted', 'restored', 'already gone', 'skipped', 'failed', 'pending'];
  const rows = Object.entries(report.modules).map(([module, t]) => [module, ...COLUMNS.map((c) => String(t[c]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [
    `Rollback ${report.rollbackId}: ${report.complete ? 'everything undone' : 'NOT everything undone'}`,
    line(header),
    ...rows.map(line),
    ...report.problems.map((p) => `  ${p.status} ${p.module} ${p.recordKey}: ${p.code}${p.field ? ` (field ${p.field})` : ''}`),
    ...provisioning,
  ].join('\n');
}

export function rollbackJson(
  result: RollbackResult,
  request: { runId: string; locationId: string | null; sinceMs: number | null; operator: string; dryRun: boolean; includeProvisioning?: boolean },
): Record<string, unknown> {
  const report: RollbackReport = result.report;
  const included = request.includeProvisioning ?? false;
  return {
    rollbackId: report.rollbackId,
    runId: request.runId,
    scope: { location: request.locationId, since: request.sinceMs === null ? null : new Date(request.sinceMs).toISOString(), includeProvisioning: included },
    operator: request.operator,
    dryRun: request.dryRun,
    planned: result.plan.steps.flat().length,
    complete: report.complete,
    modules: report.modules,
    problems: report.problems,
    provisioning: included ? PROVISIONING_NOTE : PROVISIONING_KEPT_NOTE,
    keptModules: result.plan.keptModules,
  };
}

async function confirmed(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new CliError('rollback deletes and restores Zoho records: confirm with --yes (no terminal to ask on)', EXIT.USAGE);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export function registerRollbackCommand(program: Command): void {
  program
    .command('rollback')
    .description('undo a migration run from the writer\'s ledger: delete what it created (children first), restore what it changed')
    .requiredOption('--run <id>', 'the migration run id (the writer\'s P2Z_RUN_ID)')
    .option('--location <id>', 'only records of this practice location')
    .option('--since <iso>', 'only what the run wrote from this time on')
    .option('--include-provisioning', 'whole-run rollback only: also delete the Deals account the writer created and, last, the custom fields the run\'s provisioning created (with their values); custom modules and layout sections stay (no Zoho API removes them)')
    .option('--force', 'also undo records someone changed in Zoho after the migration wrote them')
    .option('--dry-run', 'print the plan, send nothing')
    .option('--json', 'print JSON for machines')
    .option('--yes', 'do not ask for confirmation')
    .option('--operator <name>', 'who rolls back (recorded; default P2Z_OPERATOR_NAME)')
    .option('--step-timeout <seconds>', 'how long to wait for the writer per step', '600')
    .action(async (opts: RollbackOptions) => {
      if (opts.includeProvisioning && (opts.location !== undefined || opts.since !== undefined)) {
        throw new CliError('--include-provisioning is for a whole-run rollback only (not with --location or --since): provisioning serves every location', EXIT.USAGE);
      }
      const operator = operatorFrom(process.env, opts.operator);
      const request = {
        runId: opts.run, locationId: opts.location ?? null, sinceMs: parseSince(opts.since), includeProvisioning: opts.includeProvisioning ?? false,
        force: opts.force ?? false, dryRun: opts.dryRun ?? false, operator: operator.name, operatorToken: operator.token, stepTimeoutMs: Number(opts.stepTimeout) * 1000,
      };
      if (!request.dryRun && !opts.yes && !(await confirmed(`Roll back run ${opts.run}${opts.location ? ` at location ${opts.location}` : ''} in Zoho?`))) {
        process.exitCode = EXIT.NOT_CLEAN;
        return;
      }
      const cfg = localStackConfig();
      const brokers = process.env['KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(cfg);
      const logger = createLogger({ service: 'cli', level: 'warn' });
      const deps = {
        kafka: createKafka({ brokers, clientId: 'panda2zoho-rollback' }, logger),
        serde: new EventSerde(process.env['SCHEMA_REGISTRY_URL'] ?? registryUrl(cfg)),
        namespace: process.env['P2Z_TOPIC_NAMESPACE'] ?? 'p2z',
        now: Date.now,
        progress: (line: string) => bars.log(line),
        onReport: (report: RollbackReport, planned: Record<string, number>) => {
          const rows = Object.entries(planned).map(([module, total]) => {
            const t = report.modules[module];
            return { label: module, done: t ? t.deleted + t.restored + t.alreadyGone + t.skipped + t.failed : 0, total };
          });
          void credits().then((spent) => bars.update(rows, spent, 'the writer executes the compensations'));
        },
      };
      const bars = new ProgressRenderer(process.stderr, { json: opts.json ?? false });
      const credits = writerCredits(writerUrl(LOCAL_PORTS.services['zoho-writer']));
      const result = await runRollback(request, deps);
      console.log(opts.json ? JSON.stringify(rollbackJson(result, request), null, 2) : formatRollback(result, request.dryRun, request.includeProvisioning));
      if (!request.dryRun && !result.report.complete) process.exitCode = EXIT.NOT_CLEAN;
    });
}
