import type { Command } from 'commander';
import { EventSerde } from '@panda2zoho/events';
import { createKafka } from '@panda2zoho/kafka';
import { kafkaBrokers, registryUrl } from '@panda2zoho/local-stack';
import { createLogger } from '@panda2zoho/observability';
import { locationDatabase } from '@panda2zoho/synthetic-practice';
import { CliError, EXIT } from '../exit-codes.ts';
import { LOCAL_PORTS, localStackConfig, reconcilerUrl } from '../local-defaults.ts';
import { writerCredits, writerUrl } from '../metric-sum.ts';
import { ProgressRenderer, type ProgressRow } from '../progress.ts';
import { readConfirmedMapping } from '../sample/sample-run.ts';
import { pipelineUp } from './pipeline.ts';
import { positiveInteger } from './reconcile.ts';
import { fetchStatus, formatStatus, type PipelineStatus } from './status.ts';

/** Per entity: written (and failed) of resolved, the records expected in Zoho. */
export function migrationRows(status: PipelineStatus): ProgressRow[] {
  return status.entities.filter((e) => e.extracted > 0 || e.resolved > 0).map((e) => ({ label: e.entity, done: e.written + e.failed, total: e.resolved }));
}

/** Settled: something was extracted, every stage drained, and every expected record written or failed. */
export function migrationSettled(status: PipelineStatus): boolean {
  const extracted = status.entities.some((e) => e.extracted > 0);
  const drained = status.lag.every((l) => l.lag === 0);
  return extracted && drained && status.entities.every((e) => e.written + e.failed >= e.resolved);
}

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('run the full migration (local stack: starts the extractor and the other services) and show its progress per entity until everything is written; exit 0 written, 1 some failed, 2 on timeout')
    .option('--external', 'the services run elsewhere (compose): only watch the progress')
    .option('--locations <n>', 'local stack: PANDA databases to capture (PANDA_LOC01…)', positiveInteger('--locations'), 2)
    .option('--timeout <seconds>', 'give up watching after this long', positiveInteger('--timeout'), 3600)
    .option('--url <url>', 'the reconciler service', reconcilerUrl())
    .option('--json', 'print the final status as JSON')
    .action(async (opts: { external?: boolean; locations: number; timeout: number; url: string; json?: boolean }) => {
      const progress = new ProgressRenderer(process.stderr, { json: opts.json ?? false });
      if (!opts.external) {
        const cfg = localStackConfig();
        const kafka = createKafka({ brokers: process.env['KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(cfg), clientId: 'panda2zoho-migrate' }, createLogger({ service: 'cli', level: 'warn' }));
        const admin = kafka.admin();
        await admin.connect();
        const mapping = await readConfirmedMapping(kafka, admin, new EventSerde(process.env['SCHEMA_REGISTRY_URL'] ?? registryUrl(cfg)), process.env['P2Z_TOPIC_NAMESPACE'] ?? 'p2z').finally(() => admin.disconnect());
        if (!mapping) throw new CliError('no field map is confirmed: nothing would be written. Run `npx panda2zoho map propose`, review it, then `map confirm`', EXIT.PRECONDITION);
        await pipelineUp(cfg, Array.from({ length: opts.locations }, (_, i) => locationDatabase(i)), (line) => progress.log(line));
      }
      const credits = writerCredits(writerUrl(LOCAL_PORTS.services['zoho-writer']));
      const deadline = Date.now() + opts.timeout * 1000;
      let status = await fetchStatus(opts.url);
      // Settled twice in a row: a drained pipeline between two chunks is not the end.
      let settledChecks = 0;
      while (settledChecks < 2 && Date.now() < deadline) {
        progress.update(migrationRows(status), await credits(), 'writing');
        await new Promise((r) => setTimeout(r, 2_000));
        status = await fetchStatus(opts.url);
        settledChecks = migrationSettled(status) ? settledChecks + 1 : 0;
      }
      progress.finish(migrationRows(status), await credits(), settledChecks >= 2 ? 'settled' : 'still running (timed out watching)');
      console.log(opts.json ? JSON.stringify(status, null, 2) : formatStatus(status));
      const failed = status.entities.some((e) => e.failed > 0);
      process.exitCode = settledChecks < 2 ? EXIT.TIMEOUT : failed ? EXIT.NOT_CLEAN : EXIT.OK;
    });
}
