import { EventSerde, debeziumTopic, topicNames } from '@panda2zoho/events';
import { ensureTopics, perMessage, startConsumer, type ServiceContext, type StartedService } from '@panda2zoho/kafka';
import type { ExtractorConfig } from './config.ts';
import { REFERENCE_PATIENT_COLUMNS, REFERENCE_PATIENT_TABLE } from './domain/patient-columns.ts';
import { debeziumPatientHandler } from './handlers/debezium-patient-handler.ts';

export const SERVICE = 'extractor';

function locationMap(pairs: string[]): (database: string) => string {
  const map = new Map(pairs.map((pair) => pair.split('=', 2) as [string, string]));
  return (database) => map.get(database) ?? database;
}

/** Debezium CDC topics → canonical source events. (Change Tracking and CSV inputs: source-capture issue.) */
export async function createApp(ctx: ServiceContext, config: ExtractorConfig): Promise<StartedService> {
  const topics = topicNames(config.P2Z_TOPIC_NAMESPACE);
  const sourceTopics = config.PANDA_DATABASES.map((db) => debeziumTopic(config.DEBEZIUM_TOPIC_PREFIX, db, REFERENCE_PATIENT_TABLE));
  const deadLetterTopic = topics.deadLetter(SERVICE);
  // Connect creates its topics in production; creating them here lets the extractor start first.
  await ensureTopics(ctx.admin, [
    ...sourceTopics.map((topic) => ({ topic })),
    { topic: topics.patientSourceChanged },
    { topic: deadLetterTopic, retention: 'forever' as const },
  ]);
  const serde = new EventSerde(config.SCHEMA_REGISTRY_URL);
  await serde.register(topics.patientSourceChanged, 'PatientSourceChanged');

  const handler = debeziumPatientHandler({
    serde,
    outputTopic: topics.patientSourceChanged,
    ctx: { columns: REFERENCE_PATIENT_COLUMNS, locationFor: locationMap(config.PANDA_LOCATION_BY_DATABASE), now: Date.now },
  });
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
