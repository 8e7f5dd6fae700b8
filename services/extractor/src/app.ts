import { EventSerde, debeziumTopic, topicNames, type TopicNames } from '@panda2zoho/events';
import { ensureTopics, perMessage, startConsumer, type RunningConsumer, type ServiceContext, type StartedService } from '@panda2zoho/kafka';
import { readFileSync } from 'node:fs';
import { ENTITIES, inSample, parseSampleScope, scopeSets, ssnTokeniser, withSsnTokenised, type SampleScope, type TableDefinition } from '@panda2zoho/panda-model';
import { changeTrackingCheckpointTopic } from './adapters/change-tracking/index.ts';
import { SourceEventPublisher } from './adapters/source-event-publisher.ts';
import { loadTableDefinitions } from './adapters/table-map-file.ts';
import type { ExtractorConfig } from './config.ts';
import type { CanonicalChange } from './domain/canonical-change.ts';
import { debeziumHandler } from './handlers/debezium-handler.ts';
import { openMssqlSources, startChangeTrackingInput } from './inputs/change-tracking-input.ts';
import { startCsvInput } from './inputs/csv-input.ts';

export { extractorConfigSchema, type ExtractorConfig } from './config.ts';

export const SERVICE = 'extractor';

function locationMap(pairs: string[]): (database: string) => string {
  const map = new Map(pairs.map((pair) => pair.split('=', 2) as [string, string]));
  return (database) => map.get(database) ?? database;
}

interface InputDeps {
  ctx: ServiceContext;
  config: ExtractorConfig;
  topics: TopicNames;
  serde: EventSerde;
  tables: TableDefinition[];
  locationFor: (database: string) => string;
  /** A sample run: only its rows pass (null: every row). */
  sample: SampleScope | null;
}

/** Only the sample's rows, when there is a sample; a skipped row is not an error. */
function sampleFilter(sample: SampleScope | null): (change: CanonicalChange) => boolean {
  if (!sample) return () => true;
  const sets = scopeSets(sample);
  return (change) => inSample(sets, change);
}

/** The sample runs under its own group and transactional ids: the full migration's group still starts from the first row. */
const groupOf = (config: ExtractorConfig, sample: SampleScope | null) => `${config.P2Z_TOPIC_NAMESPACE}.${SERVICE}${sample ? `.${sample.sampleId}` : ''}`;

async function startDebeziumInput({ ctx, config, topics, serde, tables, locationFor, sample }: InputDeps): Promise<RunningConsumer> {
  const sourceTopics = config.PANDA_DATABASES.flatMap((db) => tables.map((t) => debeziumTopic(config.DEBEZIUM_TOPIC_PREFIX, db, t.table)));
  // Connect creates its topics in production; creating them here lets the extractor start first.
  await ensureTopics(ctx.admin, sourceTopics.map((topic) => ({ topic })));
  for (const entity of ENTITIES) await serde.register(topics.sourceChanged(entity), 'SourceRecordChanged');
  return startConsumer({
    kafka: ctx.kafka,
    service: SERVICE,
    groupId: groupOf(config, sample),
    topics: sourceTopics,
    handler: perMessage(debeziumHandler({ serde, topics, ctx: { tables, locationFor }, now: Date.now, accept: sampleFilter(sample) })),
    deadLetterTopic: topics.deadLetter(SERVICE),
    transactionalId: `${groupOf(config, sample)}.${ctx.instanceId}`,
    logger: ctx.logger,
    metrics: ctx.metrics,
  });
}

/**
 * Rows of every migrated PANDA table, from Debezium CDC, Change Tracking or a CSV export, become
 * canonical SourceRecordChanged events per entity. The three inputs yield identical fields.
 */
export async function createApp(ctx: ServiceContext, config: ExtractorConfig): Promise<StartedService> {
  const topics = topicNames(config.P2Z_TOPIC_NAMESPACE);
  const mapped = loadTableDefinitions(config.PANDA_TABLE_MAP_FILE).filter((t) => t.migrate);
  // EXTRACTOR_SSN=tokenise: every input emits the SSN's HMAC as `ssnToken`, never the SSN (else it is dropped).
  const tables = config.EXTRACTOR_SSN === 'tokenise' && config.EXTRACTOR_SSN_SECRET ? withSsnTokenised(mapped, ssnTokeniser(config.EXTRACTOR_SSN_SECRET)) : mapped;
  await ensureTopics(ctx.admin, [
    ...ENTITIES.map((entity) => ({ topic: topics.sourceChanged(entity) })),
    { topic: topics.deadLetter(SERVICE), retention: 'forever' as const },
    ...(config.EXTRACTOR_INPUT === 'change-tracking' ? [{ topic: changeTrackingCheckpointTopic(config.P2Z_TOPIC_NAMESPACE), compacted: true, partitions: 1 }] : []),
  ]);
  const serde = new EventSerde(config.SCHEMA_REGISTRY_URL);
  const sample = config.EXTRACTOR_SAMPLE_FILE ? parseSampleScope(JSON.parse(readFileSync(config.EXTRACTOR_SAMPLE_FILE, 'utf8')) as unknown) : null;
  if (sample) ctx.logger.info({ sampleId: sample.sampleId, patients: sample.patients.length }, 'sample run: only the sample\'s patients and their children pass');
  const deps: InputDeps = { ctx, config, topics, serde, tables, locationFor: locationMap(config.PANDA_LOCATION_BY_DATABASE), sample };

  switch (config.EXTRACTOR_INPUT) {
    case 'debezium':
      return { consumers: [await startDebeziumInput(deps)] };
    case 'change-tracking': {
      const publisher = new SourceEventPublisher(ctx.kafka, serde, topics, SERVICE);
      await publisher.start();
      const sources = await openMssqlSources(config.MSSQL_URL!, config.PANDA_DATABASES, deps.locationFor);
      const input = await startChangeTrackingInput({ ctx, namespace: config.P2Z_TOPIC_NAMESPACE, publisher, tables, sources, intervalMs: config.CHANGE_TRACKING_INTERVAL_MS });
      return { consumers: [input], stop: () => publisher.stop() };
    }
    case 'csv': {
      const publisher = new SourceEventPublisher(ctx.kafka, serde, topics, SERVICE);
      await publisher.start();
      const input = startCsvInput({ ctx, publisher, tables, folder: config.CSV_EXPORT_DIR!, locationFor: deps.locationFor, accept: sampleFilter(sample) });
      return { consumers: [input], stop: () => publisher.stop() };
    }
  }
}
