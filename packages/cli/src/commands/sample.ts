import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { EventSerde, type SampleRecorded } from '@panda2zoho/events';
import { createKafka } from '@panda2zoho/kafka';
import { kafkaBrokers, registryUrl, stopDetached, type StackConfig } from '@panda2zoho/local-stack';
import { createLogger } from '@panda2zoho/observability';
import type { SampleScope } from '@panda2zoho/panda-model';
import { ALL_DIRT, DEMO_DIRT, locationDatabase, type DirtKind } from '@panda2zoho/synthetic-practice';
import { CliError, EXIT } from '../exit-codes.ts';
import { LOCAL_PORTS, localStackConfig } from '../local-defaults.ts';
import { writerCredits, writerUrl } from '../metric-sum.ts';
import { ProgressRenderer } from '../progress.ts';
import { formatSampleDiff } from '../sample/sample-format.ts';
import { publishSampleEvent, readConfirmedMapping, reviewSample, type SampleRunDeps } from '../sample/sample-run.ts';
import { csvExportRows, generatedPracticeRows, locationMapFrom, scopeFromRows } from '../sample/sample-source.ts';
import type { SampleDiff } from '../sample/sample-diff.ts';
import { zohoClientFor } from './map-sources.ts';
import { pipelineUp } from './pipeline.ts';
import { positiveInteger } from './reconcile.ts';
import { formatRollback, operatorFrom, rollbackJson } from './rollback.ts';
import { runRollback } from './rollback-run.ts';

interface SampleOptions {
  patients: number;
  csv?: string;
  tableMap?: string;
  locations: number;
  perLocation: number;
  seed: number;
  dirt: string;
  keep?: boolean;
  rollback?: boolean;
  external?: boolean;
  timeout: number;
  json?: boolean;
  differencesOnly?: boolean;
  operator?: string;
  emulator?: boolean;
}

function dirtOf(name: string): DirtKind[] {
  const dirt = { all: ALL_DIRT, demo: DEMO_DIRT, none: [] }[name];
  if (!dirt) throw new CliError('--dirt must be all, demo or none', EXIT.USAGE);
  return [...dirt];
}

async function chooseScope(opts: SampleOptions, now: number): Promise<SampleScope> {
  const locationFor = locationMapFrom(process.env);
  const rows = opts.csv
    ? await csvExportRows(opts.csv, opts.tableMap, locationFor)
    : generatedPracticeRows({ locations: opts.locations, patients: opts.perLocation, seed: opts.seed, dirt: dirtOf(opts.dirt) }, locationFor);
  const scope = scopeFromRows(rows, opts.patients, now);
  if (scope.patients.length === 0) throw new CliError('the source has no patients to sample', EXIT.PRECONDITION);
  return scope;
}

function writeScope(cfg: StackConfig, scope: SampleScope): string {
  const dir = path.join(cfg.stateDir, 'samples');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${scope.sampleId}.json`);
  writeFileSync(file, `${JSON.stringify(scope, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** Local stack: the extractor and writer are restarted in sample mode (the other services keep running). */
async function startSampleServices(cfg: StackConfig, scopeFile: string, scope: SampleScope, databases: string[], log: (l: string) => void): Promise<void> {
  await stopDetached(cfg, 'extractor');
  await stopDetached(cfg, 'zoho-writer');
  await pipelineUp(cfg, databases, log, { extraEnv: { extractor: { EXTRACTOR_SAMPLE_FILE: scopeFile }, 'zoho-writer': { P2Z_RUN_ID: scope.sampleId } } });
}

/** After the sample: the sample's extractor stops (the full migration reads from the first row under its own group); the writer goes back to the default run. */
async function endSampleServices(cfg: StackConfig, databases: string[], log: (l: string) => void): Promise<void> {
  await stopDetached(cfg, 'extractor');
  await stopDetached(cfg, 'zoho-writer');
  await pipelineUp(cfg, databases, log, { only: ['normalizer', 'deduper', 'zoho-writer', 'reconciler'] });
}

async function askDecision(): Promise<'keep' | 'rollback' | 'later'> {
  if (!process.stdin.isTTY) return 'later';
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question('Keep the sample in Zoho (k), roll it back (r), or decide later (Enter)? ')).trim().toLowerCase();
    return answer.startsWith('k') ? 'keep' : answer.startsWith('r') ? 'rollback' : 'later';
  } finally {
    rl.close();
  }
}

function event(kind: SampleRecorded['kind'], scope: SampleScope, actor: string, mappingVersion: string | null, diff: SampleDiff | null, now: number): SampleRecorded {
  return {
    eventId: `sample:${scope.sampleId}:${kind}:${now}`,
    kind,
    sampleId: scope.sampleId,
    atMs: now,
    actor,
    via: 'cli',
    mappingVersion,
    patients: scope.patients.length,
    entities: diff?.entities ?? [],
    fields: diff?.fields ?? [],
  };
}

export function registerSampleCommand(program: Command): void {
  program
    .command('sample')
    .description('migrate N patients with all their children under a run of their own, read them back from Zoho and show the field-level diff; then keep or roll back')
    .requiredOption('--patients <n>', 'how many patients (spread over the locations)', positiveInteger('--patients'))
    .option('--csv <folder>', 'choose them from this CSV export (<folder>/<database>/<Table>.csv); default: the generated practice')
    .option('--table-map <file>', 'the install\'s table and column names (with --csv)')
    .option('--locations <n>', 'generated practice: locations', positiveInteger('--locations'), 2)
    .option('--per-location <n>', 'generated practice: patients per location', positiveInteger('--per-location'), 25)
    .option('--seed <n>', 'generated practice: seed', positiveInteger('--seed'), 1)
    .option('--dirt <set>', 'generated practice: the dirt it was generated with (all, demo, none; as `generate`)', 'all')
    .option('--keep', 'keep the sample in Zoho without asking')
    .option('--rollback', 'roll the sample back after the diff without asking (needs P2Z_OPERATOR_TOKEN)')
    .option('--external', 'the services run elsewhere (compose): only write the scope file, print the settings to give the extractor and the writer, then wait')
    .option('--timeout <seconds>', 'how long to wait for the sample to be written', positiveInteger('--timeout'), 600)
    .option('--differences-only', 'list only the fields that differ')
    .option('--operator <name>', 'who runs it (recorded; default P2Z_OPERATOR_NAME)')
    .option('--emulator', 'read back from the local Zoho emulator (the local stack) instead of the org in ZOHO_*')
    .option('--json', 'print JSON for machines (the diff, with values: patient data)')
    .action(async (opts: SampleOptions) => {
      if (opts.keep && opts.rollback) throw new CliError('--keep and --rollback exclude each other', EXIT.USAGE);
      const cfg = localStackConfig();
      const logger = createLogger({ service: 'cli', level: 'warn' });
      const kafka = createKafka({ brokers: process.env['KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(cfg), clientId: 'panda2zoho-sample' }, logger);
      const serde = new EventSerde(process.env['SCHEMA_REGISTRY_URL'] ?? registryUrl(cfg));
      const namespace = process.env['P2Z_TOPIC_NAMESPACE'] ?? 'p2z';
      const actor = (opts.operator ?? process.env['P2Z_OPERATOR_NAME'] ?? 'cli').trim() || 'cli';
      const rollbackOperator = opts.rollback ? operatorFrom(process.env, opts.operator) : null;
      const progress = new ProgressRenderer(process.stderr, { json: opts.json ?? false });
      const say = (line: string) => progress.log(line);

      const admin = kafka.admin();
      await admin.connect();
      const mapping = await readConfirmedMapping(kafka, admin, serde, namespace).finally(() => admin.disconnect());
      if (!mapping) throw new CliError('no field map is confirmed: nothing would be written. Run `npx panda2zoho map propose`, review it, then `map confirm` (or confirm it in the console)', EXIT.PRECONDITION);

      const scope = await chooseScope(opts, Date.now());
      const scopeFile = writeScope(cfg, scope);
      say(`sample ${scope.sampleId}: ${scope.patients.length} patients, ${scope.records.length} records (scope: ${scopeFile})`);
      const databases = Array.from({ length: opts.locations }, (_, i) => locationDatabase(i));
      if (opts.external) {
        say(`give the extractor EXTRACTOR_SAMPLE_FILE=${scopeFile} and the zoho-writer P2Z_RUN_ID=${scope.sampleId}, restart both, then this command waits`);
      } else {
        await startSampleServices(cfg, scopeFile, scope, databases, () => undefined);
      }
      const deps: SampleRunDeps = {
        kafka, serde, namespace, now: Date.now, progress,
        zoho: zohoClientFor(opts.emulator ?? !process.env['ZOHO_CLIENT_ID']),
        credits: writerCredits(writerUrl(LOCAL_PORTS.services['zoho-writer'])),
      };
      let diff: SampleDiff;
      try {
        diff = await reviewSample(scope, mapping.doc, deps, opts.timeout * 1000);
      } finally {
        if (!opts.external) await endSampleServices(cfg, databases, () => undefined);
      }
      await publishSampleEvent(deps, event('REVIEWED', scope, actor, mapping.version, diff, Date.now()));
      // --json: one document at the end (diff, decision, rollback); otherwise the diff now, before the question.
      const json: Record<string, unknown> = { sampleId: scope.sampleId, runId: scope.sampleId, mappingVersion: mapping.version, patients: scope.patients.length, matches: diff.matches, differences: diff.differences, entities: diff.entities, fields: diff.fields };
      if (!opts.json) console.log(formatSampleDiff(scope.sampleId, diff, { differencesOnly: opts.differencesOnly ?? false }));

      const decision = opts.keep ? 'keep' : opts.rollback ? 'rollback' : opts.json ? 'later' : await askDecision();
      json['decision'] = decision;
      if (decision === 'keep') {
        await publishSampleEvent(deps, event('KEPT', scope, actor, mapping.version, null, Date.now()));
        say(`sample ${scope.sampleId} kept in Zoho`);
      } else if (decision === 'rollback') {
        const operator = rollbackOperator ?? operatorFrom(process.env, opts.operator);
        const request = { runId: scope.sampleId, locationId: null, sinceMs: null, includeProvisioning: false, force: false, dryRun: false, operator: operator.name, operatorToken: operator.token, stepTimeoutMs: 600_000 };
        const result = await runRollback(request, { kafka, serde, namespace, now: Date.now, progress: say });
        if (opts.json) json['rollback'] = rollbackJson(result, request);
        else console.log(formatRollback(result, false));
        if (result.report.complete) await publishSampleEvent(deps, event('ROLLED_BACK', scope, operator.name, mapping.version, null, Date.now()));
        else process.exitCode = EXIT.NOT_CLEAN;
      } else {
        say(`decide later: \`npx panda2zoho rollback --run ${scope.sampleId} --operator <you>\` removes the sample (or the console's Rollback page); nothing to do to keep it`);
      }
      if (opts.json) console.log(JSON.stringify(json, null, 2));
      const written = diff.entities.every((e) => e.written === e.expected);
      if (process.exitCode === undefined) process.exitCode = !written ? EXIT.TIMEOUT : diff.differences > 0 ? EXIT.NOT_CLEAN : EXIT.OK;
    });
}
