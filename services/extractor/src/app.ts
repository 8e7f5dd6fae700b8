import { EventSerde, debeziumTopic, topicNames } from '@panda2zoho/events';
import { ensureTopics, perMessage, startConsumer, type ServiceContext, type StartedService } from '@panda2zoho/kafka';
import { ENTITIES } from '@panda2zoho/panda-model';
import { loadTableDefinitions } from './adapters/table-map-file.ts';
import type { ExtractorConfig } from './config.ts';
import { debeziumHandler } from './handlers/debezium-handler.ts';

export const SERVICE = 'extractor';

function locationMap(pairs: string[]): (database: string) => string {
  const map = new Map(pairs.map((pair) => pair.split('=', 2) as [string, string]));
  return (database) => map.get(database) ?? database;
}

/** Debezium CDC topics of every migrated table and location → canonical SourceRecordChanged events per entity. */
export async function createApp(ctx: ServiceContext, config: ExtractorConfig): Promise<StartedService> {
  const topics = topicNames(config.P2Z_TOPIC_NAMESPACE);
  const tables = loadTableDefinitions(config.PANDA_TABLE_MAP_FILE).filter((t) => t.migrate);
  const sourceTopics = config.PANDA_DATABASES.flatMap((db) => tables.map((t) => debeziumTopic(config.DEBEZIUM_TOPIC_PREFIX, db, t.table)));
  const deadLetterTopic = topics.deadLetter(SERVICE);
  // Connect creates its topics in production; creating them here lets the extractor start first.
  await ensureTopics(ctx.admin, [
    ...sourceTopics.map((topic) => ({ topic })),
    ...ENTITIES.map((entity) => ({ topic: topics.sourceChanged(entity) })),
    { topic: deadLetterTopic, retention: 'forever' as const },
  ]);
  const serde = new EventSerde(config.SCHEMA_REGISTRY_URL);
  for (const entity of ENTITIES) await serde.register(topics.sourceChanged(entity), 'SourceRecordChanged');

  const handler = debeziumHandler({ serde, topics, ctx: { tables, locationFor: locationMap(config.PANDA_LOCATION_BY_DATABASE) }, now: Date.now });
  const consumer = await startConsumer({
    kafka: ctx.kafka,
    service: SERVICE,
    groupId: `${config.P2Z_TOPIC_NAMESPACE}.${SERVICE}`,
    topics: sourceTopics,
    handler: perMessage(handler),
    deadLetterTopic,
    transactionalId: `${config.P2Z_TOPIC_NAMESPACE}.${SERVICE}.${ctx.instanceId}`,
    logger: ctx.logger,
    metrics: ctx.metrics,
  });
  return { consumers: [consumer] };
}
