import type { Logger } from '@panda2zoho/observability';
import type { ServiceContext } from '@panda2zoho/kafka';
import type { TableDefinition } from '@panda2zoho/panda-model';
import {
  ChangeTrackingPoller,
  KafkaCheckpointStore,
  MssqlChangeTrackingSource,
  changeTrackingCheckpointTopic,
  runChangeTrackingLoop,
  type ChangeTrackingSource,
} from '../adapters/change-tracking/index.ts';
import type { SourceEventPublisher } from '../adapters/source-event-publisher.ts';
import { runningInput } from './running-input.ts';

export interface ChangeTrackingInputOptions {
  ctx: ServiceContext;
  namespace: string;
  publisher: SourceEventPublisher;
  tables: TableDefinition[];
  /** location id → an open source (one PANDA database each). */
  sources: Array<{ locationId: string; source: ChangeTrackingSource }>;
  intervalMs: number;
}

/** Opens one mssql source per PANDA database of the server (SQL Server Express: no Agent, so no CDC). */
export async function openMssqlSources(url: string, databases: string[], locationFor: (db: string) => string) {
  return Promise.all(databases.map(async (database) => ({ locationId: locationFor(database), source: await MssqlChangeTrackingSource.connect(url, { database }) })));
}

function logWarnings(logger: Logger, warnings: Array<{ code: string; table: string; reason: string }>): void {
  for (const w of warnings) logger.warn({ code: w.code, table: w.table, reason: w.reason }, 'change tracking data-quality warning');
}

/**
 * Polls Change Tracking, publishes each batch, and checkpoints only after Kafka acknowledged it
 * (at-least-once; a re-read yields the same event ids, positions being table@version).
 */
export async function startChangeTrackingInput(options: ChangeTrackingInputOptions) {
  const { ctx } = options;
  const checkpoints = await KafkaCheckpointStore.open({ kafka: ctx.kafka, admin: ctx.admin, topic: changeTrackingCheckpointTopic(options.namespace) });
  const pollers = options.sources.map(({ locationId, source }) => new ChangeTrackingPoller({ source, checkpoints, locationId, tables: options.tables }));
  return runningInput(
    'change-tracking',
    (signal) =>
      runChangeTrackingLoop({
        pollers,
        intervalMs: options.intervalMs,
        signal,
        onRetry: (error, attempt, delayMs) => ctx.logger.warn({ err: error, attempt, delayMs }, 'change tracking pass failed, retrying'),
        handleBatch: async (batch) => {
          logWarnings(ctx.logger, batch.warnings);
          const counts = await options.publisher.publish(batch.items, `change-tracking:${batch.locationId}:${batch.table}`);
          ctx.metrics.recordsIn.inc({ topic: `change-tracking:${batch.entity}` }, batch.items.length);
          if (counts.problems > 0) ctx.metrics.deadLetters.inc({ code: 'CT_UNREADABLE_ROW' }, counts.problems);
        },
      }),
    async () => {
      await Promise.all(options.sources.map(({ source }) => (source as { close?: () => Promise<void> }).close?.()));
      await checkpoints.close();
    },
  );
}
