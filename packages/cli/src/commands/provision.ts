import type { Command } from 'commander';
import type { Kafka } from 'kafkajs';
import { parseConfig } from '@panda2zoho/config';
import { EventSerde, topicNames } from '@panda2zoho/events';
import { createKafka, ensureTopics } from '@panda2zoho/kafka';
import { kafkaBrokers, registryUrl } from '@panda2zoho/local-stack';
import { createLogger } from '@panda2zoho/observability';
import { ZohoAuth, ZohoClient, zohoCredentialsFrom } from '@panda2zoho/zoho';
import { LedgerWriter, ledgerRecorder, provision, provisionConfigSchema, zohoSchema, type ProvisioningReport } from '@panda2zoho/zoho-writer';
import { CliError, EXIT } from '../exit-codes.ts';
import { LOCAL_PORTS, LOCAL_ZOHO_CLIENT, localStackConfig } from '../local-defaults.ts';

/** Zoho settings from the environment; without any, the local emulator that `pipeline up` / `demo` run. */
function zohoConfig(env: NodeJS.ProcessEnv) {
  const local = env['ZOHO_ACCOUNTS_URL'] === undefined;
  const withDefaults = local
    ? {
        ...env,
        ZOHO_ACCOUNTS_URL: `http://127.0.0.1:${LOCAL_PORTS.zohoEmulator}`,
        ZOHO_CLIENT_ID: LOCAL_ZOHO_CLIENT.clientId,
        ZOHO_CLIENT_SECRET: LOCAL_ZOHO_CLIENT.clientSecret,
        ZOHO_REFRESH_TOKEN: LOCAL_ZOHO_CLIENT.refreshToken,
      }
    : env;
  return parseConfig(provisionConfigSchema, withDefaults);
}

export interface ProvisionRequest {
  /** The run the provisioning is ledgered under (the writer's P2Z_RUN_ID). */
  runId: string;
  dryRun: boolean;
  cdtCodes: Parameters<typeof zohoSchema>[0];
}

export interface ProvisionDeps {
  zoho: ZohoClient;
  kafka: Kafka;
  serde: EventSerde;
  namespace: string;
  now: () => number;
}

/** The writer's rule for P2Z_RUN_ID. */
const RUN_ID = /^[A-Za-z0-9._-]+$/;

/**
 * Provisions the org and records what it creates in the writer's ledger under the run (PROVISION
 * entries, as the writer does at start), so `rollback --run <id> --include-provisioning` can remove
 * it. The ledger is reached before anything is created: without it nothing changes in Zoho (nothing
 * provisioning creates goes unrecorded). A dry run changes nothing and needs no Kafka.
 */
export async function runProvision(request: ProvisionRequest, deps: ProvisionDeps): Promise<ProvisioningReport> {
  if (!RUN_ID.test(request.runId)) throw new CliError(`--run must be letters, digits, '.', '_' or '-' (the writer's P2Z_RUN_ID), got ${JSON.stringify(request.runId)}`, EXIT.USAGE);
  const desired = zohoSchema(request.cdtCodes);
  if (request.dryRun) return provision(deps.zoho, desired, { dryRun: true });
  const topic = topicNames(deps.namespace).zohoLedger;
  const admin = deps.kafka.admin();
  let ledger: LedgerWriter | undefined;
  try {
    try {
      await admin.connect();
      await ensureTopics(admin, [{ topic, retention: 'forever' }]);
      ledger = new LedgerWriter(deps.kafka, deps.serde, topic);
      await ledger.start();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(`provisioning is recorded in the writer's ledger ${topic} (so a rollback can remove it) and the ledger cannot be written: ${reason}. Nothing was changed in Zoho.`, EXIT.PRECONDITION);
    }
    return await provision(deps.zoho, desired, { dryRun: false, record: ledgerRecorder(ledger, request.runId, deps.now) });
  } finally {
    await ledger?.stop();
    await admin.disconnect();
  }
}

export function registerProvisionCommand(program: Command): void {
  program
    .command('provision')
    .description('create the PANDA_Charting module and the custom fields the migration writes, recorded in the writer\'s ledger under the run (idempotent; the writer also runs it at start)')
    .option('--dry-run', 'only print what would be created (no Kafka needed)')
    .option('--run <id>', 'the run to record it under, the one `rollback --run <id> --include-provisioning` removes it with (default P2Z_RUN_ID, else initial, like the writer)')
    .option('--json', 'print JSON for machines')
    .action(async (opts: { dryRun?: boolean; json?: boolean; run?: string }) => {
      const config = zohoConfig(process.env);
      const runId = opts.run ?? process.env['P2Z_RUN_ID'] ?? 'initial';
      const cfg = localStackConfig();
      const logger = createLogger({ service: 'cli', level: 'warn' });
      const deps: ProvisionDeps = {
        zoho: new ZohoClient({ auth: new ZohoAuth(zohoCredentialsFrom(config)), ...(config.ZOHO_API_URL ? { apiUrl: config.ZOHO_API_URL } : {}) }),
        kafka: createKafka({ brokers: process.env['KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(cfg), clientId: 'panda2zoho-provision' }, logger),
        serde: new EventSerde(process.env['SCHEMA_REGISTRY_URL'] ?? registryUrl(cfg)),
        namespace: process.env['P2Z_TOPIC_NAMESPACE'] ?? 'p2z',
        now: Date.now,
      };
      const dryRun = opts.dryRun === true;
      const report = await runProvision({ runId, dryRun, cdtCodes: config.ZOHO_CDT_CODES }, deps);
      const ledgered = report.applied ? `recorded in ${topicNames(deps.namespace).zohoLedger} under run ${runId}: ${report.created.fields.length} fields created (rollback --run ${runId} --include-provisioning removes them)` : null;
      if (opts.json) {
        console.log(JSON.stringify({ dryRun, runId, applied: report.applied, nothingToDo: report.steps.length === 0, plan: report.lines, notes: report.notes, steps: report.steps, created: report.created }, null, 2));
        return;
      }
      const verb = report.steps.length === 0 ? '' : dryRun ? 'would ' : 'done: ';
      for (const line of report.lines) console.log(report.steps.length === 0 || report.notes.includes(line) ? line : `${verb}${line}`);
      if (ledgered) console.log(ledgered);
    });
}
