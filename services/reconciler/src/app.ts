import { randomUUID } from 'node:crypto';
import express from 'express';
import { EventSerde, topicNames, type ReconciliationReported } from '@panda2zoho/events';
import { ensureTopics, idempotentProducer, isPermanent, skip, startConsumer, type InboundMessage, type ServiceContext, type StartedService } from '@panda2zoho/kafka';
import { ZohoAuth, ZohoClient, createZohoMetrics, zohoCredentialsFrom } from '@panda2zoho/zoho';
import type { ReconcilerConfig } from './config.ts';
import { PatientTally } from './domain/patient-tally.ts';

export const SERVICE = 'reconciler';
const EXTERNAL_ID_FIELD = 'PANDA_Patient_Key';

/**
 * Reads every pipeline topic from the beginning into a tally, and on request counts Zoho's Contacts
 * and reports source against Zoho (GET /reconciliation), publishing each report as an event.
 */
export async function createApp(ctx: ServiceContext, config: ReconcilerConfig): Promise<StartedService> {
  const topics = topicNames(config.P2Z_TOPIC_NAMESPACE);
  const deadLetterTopics = config.P2Z_DEAD_LETTER_SERVICES.map((s) => topics.deadLetter(s));
  const inputs = [topics.sourceChanged('patient'), topics.patientResolved, topics.zohoLedger];
  await ensureTopics(ctx.admin, [
    ...inputs.map((topic) => ({ topic })),
    ...deadLetterTopics.map((topic) => ({ topic, retention: 'forever' as const })),
    { topic: topics.reconciliation },
  ]);
  const serde = new EventSerde(config.SCHEMA_REGISTRY_URL);
  await serde.register(topics.reconciliation, 'ReconciliationReported');
  const tally = new PatientTally();

  const tallyOne = async (m: InboundMessage, value: Buffer) => {
    if (deadLetterTopics.includes(m.topic)) tally.onDeadLetter();
    else if (m.topic === topics.sourceChanged('patient')) tally.onSourceChanged(await serde.decode('SourceRecordChanged', value));
    else if (m.topic === topics.patientResolved) tally.onResolved(await serde.decode('PatientResolved', value));
    else if (m.topic === topics.zohoLedger) tally.onLedger(await serde.decode('ZohoOperationRecorded', value));
  };
  const apply = async (m: InboundMessage) => {
    if (m.value === null) return;
    try {
      await tallyOne(m, m.value);
    } catch (error) {
      if (!isPermanent(error)) throw error;
      // A record the read model cannot decode is a record that cannot be accounted for: it blocks the
      // match like a dead letter, and the reconciler keeps reporting instead of crash-looping on it.
      ctx.logger.warn({ code: error.code, topic: m.topic, partition: m.partition, offset: m.offset }, 'unreadable record counted as a dead letter');
      tally.onDeadLetter();
    }
  };
  const consumer = await startConsumer({
    kafka: ctx.kafka,
    service: SERVICE,
    // A private group that never commits: every start re-reads all topics from the beginning.
    groupId: `${config.P2Z_TOPIC_NAMESPACE}.${SERVICE}.${ctx.instanceId}`,
    topics: [...inputs, ...deadLetterTopics],
    commit: 'never',
    handler: async (messages) => {
      for (const m of messages) await apply(m);
      return messages.map(() => skip('tallied'));
    },
    deadLetterTopic: topics.deadLetter(SERVICE),
    transactionalId: 'unused',
    logger: ctx.logger,
    metrics: ctx.metrics,
  });

  const zoho = new ZohoClient({
    auth: new ZohoAuth(zohoCredentialsFrom(config)),
    // Its reads spend the same org's credits as the writer's writes.
    observer: createZohoMetrics(ctx.metrics.registry, { creditsPerDay: config.ZOHO_CREDITS_PER_DAY }),
    ...(config.ZOHO_API_URL ? { apiUrl: config.ZOHO_API_URL } : {}),
  });
  const producer = idempotentProducer(ctx.kafka);
  await producer.connect();

  const routes = express.Router();
  routes.get('/reconciliation', async (_req, res, next) => {
    try {
      let zohoCount = 0;
      for await (const record of zoho.listRecords('Contacts', ['id', EXTERNAL_ID_FIELD])) {
        if (record[EXTERNAL_ID_FIELD]) zohoCount++;
      }
      const report: ReconciliationReported = { reportId: randomUUID(), generatedAtMs: Date.now(), entities: [tally.report(zohoCount)] };
      await producer.send({ topic: topics.reconciliation, messages: [{ key: 'report', value: await serde.encode(topics.reconciliation, 'ReconciliationReported', report) }] });
      res.json(report);
    } catch (error) {
      ctx.logger.error({ err: error }, 'reconciliation failed');
      next(error);
    }
  });
  return { consumers: [consumer], routes, stop: () => producer.disconnect() };
}
