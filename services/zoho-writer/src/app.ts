import { EventSerde, topicNames } from '@panda2zoho/events';
import { ensureTopics, startConsumer, type ServiceContext, type StartedService } from '@panda2zoho/kafka';
import { ZohoAuth, ZohoClient, createZohoMetrics, zohoCredentialsFrom } from '@panda2zoho/zoho';
import { LedgerWriter } from './adapters/ledger-writer.ts';
import { provisionContactFields } from './adapters/provision-fields.ts';
import { registerParkedChildrenGauge } from './adapters/parked-children-gauge.ts';
import type { WriterConfig } from './config.ts';
import { resolvedPatientsHandler } from './handlers/resolved-patients-handler.ts';

export const SERVICE = 'zoho-writer';

export async function createApp(ctx: ServiceContext, config: WriterConfig): Promise<StartedService> {
  const topics = topicNames(config.P2Z_TOPIC_NAMESPACE);
  const deadLetterTopic = topics.deadLetter(SERVICE);
  await ensureTopics(ctx.admin, [
    { topic: topics.patientResolved },
    { topic: topics.zohoLedger, retention: 'forever' },
    { topic: deadLetterTopic, retention: 'forever' },
  ]);
  const zoho = new ZohoClient({
    auth: new ZohoAuth(zohoCredentialsFrom(config)),
    observer: createZohoMetrics(ctx.metrics.registry, { creditsPerDay: config.ZOHO_CREDITS_PER_DAY }),
    ...(config.ZOHO_API_URL ? { apiUrl: config.ZOHO_API_URL } : {}),
  });
  registerParkedChildrenGauge(ctx.metrics.registry);
  const created = await provisionContactFields(zoho);
  if (created.length > 0) ctx.logger.info({ fields: created }, 'created Contacts custom fields');

  const serde = new EventSerde(config.SCHEMA_REGISTRY_URL);
  const ledger = new LedgerWriter(ctx.kafka, serde, topics.zohoLedger);
  await ledger.start();
  const consumer = await startConsumer({
    kafka: ctx.kafka,
    service: SERVICE,
    groupId: `${config.P2Z_TOPIC_NAMESPACE}.${SERVICE}`,
    topics: [topics.patientResolved],
    handler: resolvedPatientsHandler({ serde, zoho, ledger, runId: config.P2Z_RUN_ID, now: Date.now }),
    chunkSize: config.ZOHO_WRITE_BATCH_SIZE,
    deadLetterTopic,
    transactionalId: `${config.P2Z_TOPIC_NAMESPACE}.${SERVICE}.${ctx.instanceId}`,
    logger: ctx.logger,
    metrics: ctx.metrics,
  });
  return { consumers: [consumer], stop: () => ledger.stop() };
}
