import { randomUUID, timingSafeEqual } from 'node:crypto';
import express from 'express';
import { EventSerde, topicNames } from '@panda2zoho/events';
import { ensureTopics, idempotentProducer, isPermanent, skip, startConsumer, type InboundMessage, type ServiceContext, type StartedService } from '@panda2zoho/kafka';
import { ZohoAuth, ZohoClient, createZohoMetrics, zohoClientSettingsFrom, zohoCredentialsFrom } from '@panda2zoho/zoho';
import type { ReconcilerConfig } from './config.ts';
import { readModelLag, stageLag } from './adapters/stage-lag.ts';
import { readBack } from './adapters/zoho-read-back.ts';
import { pipelineStatus } from './domain/pipeline-status.ts';
import { ReconciliationModel } from './domain/reconciliation-model.ts';
import { reconcile, type Reconciliation, type ZohoReadBack } from './domain/reconciliation-report.ts';
import { tallyTopics } from './handlers/tally-record.ts';

export const SERVICE = 'reconciler';

const bearerMatches = (header: string | undefined, token: string | undefined): boolean => {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
};

/**
 * Reads every pipeline topic from the beginning into a read model (never committing) and reconciles
 * it against Zoho per entity and location: on GET /reconciliation, and every P2Z_RECONCILE_INTERVAL_MS,
 * each time publishing ReconciliationReported. GET /status answers from the read model and Kafka alone.
 */
export async function createApp(ctx: ServiceContext, config: ReconcilerConfig): Promise<StartedService> {
  const namespace = config.P2Z_TOPIC_NAMESPACE;
  const topics = topicNames(namespace);
  const serde = new EventSerde(config.SCHEMA_REGISTRY_URL);
  const model = new ReconciliationModel({ cdtProducts: config.ZOHO_CDT_CODES === 'products' });
  const tally = tallyTopics(topics, config.P2Z_DEAD_LETTER_SERVICES, serde, model);
  const deadLetterTopics = new Set(config.P2Z_DEAD_LETTER_SERVICES.map((s) => topics.deadLetter(s)));
  await ensureTopics(ctx.admin, [
    ...tally.all.map((topic) => (deadLetterTopics.has(topic) || topic === topics.zohoLedger ? { topic, retention: 'forever' as const } : { topic })),
    { topic: topics.reconciliation },
  ]);
  await serde.register(topics.reconciliation, 'ReconciliationReported');

  const apply = async (m: InboundMessage) => {
    if (m.value === null) return;
    try {
      await tally.apply(m, m.value);
    } catch (error) {
      if (!isPermanent(error)) throw error;
      // A record the read model cannot decode is a record that cannot be accounted for: it blocks the
      // match like a dead letter, and the reconciler keeps reporting instead of crash-looping on it.
      ctx.logger.warn({ code: error.code, topic: m.topic, partition: m.partition, offset: m.offset }, 'unreadable record counted as a dead letter');
      model.onDeadLetter(SERVICE, 'unattributed');
    }
  };
  const consumer = await startConsumer({
    kafka: ctx.kafka,
    service: SERVICE,
    // A private group that never commits: every start re-reads all topics from the beginning.
    groupId: `${namespace}.${SERVICE}.${ctx.instanceId}`,
    topics: tally.all,
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

  // Its reads spend the same org's credits as the writer's writes.
  const zohoMetrics = createZohoMetrics(ctx.metrics.registry, { creditsPerDay: config.ZOHO_CREDITS_PER_DAY });
  const zoho = new ZohoClient({
    auth: new ZohoAuth(zohoCredentialsFrom(config)),
    observer: zohoMetrics,
    ...zohoClientSettingsFrom(config, { budgetObserver: zohoMetrics, log: (message, fields) => ctx.logger.warn(fields ?? {}, message) }),
  });
  const producer = idempotentProducer(ctx.kafka);
  await producer.connect();

  const lagNow = async () => [...(await stageLag(ctx.admin, namespace)), ...(await readModelLag(ctx.admin, consumer.progress))];

  const reconcileNow = async (sample: number | undefined): Promise<Reconciliation> => {
    const lag = await lagNow();
    const reads = new Map<string, ZohoReadBack>();
    for (const target of model.targets()) {
      reads.set(target.entity, await readBack(zoho, target, model.ledgerRecords(target.entity), model.expected(target).size));
    }
    const result = reconcile(model, { reportId: randomUUID(), generatedAtMs: Date.now(), zoho: reads, lag, ...(sample === undefined ? {} : { sample }) });
    await producer.send({
      topic: topics.reconciliation,
      messages: [{ key: 'report', value: await serde.encode(topics.reconciliation, 'ReconciliationReported', result.report) }],
    });
    return result;
  };

  const routes = express.Router();
  routes.get('/reconciliation', async (req, res, next) => {
    const sampleParam = typeof req.query['sample'] === 'string' ? Number(req.query['sample']) : undefined;
    if (sampleParam !== undefined && !(Number.isInteger(sampleParam) && sampleParam > 0)) {
      res.status(400).json({ code: 'INVALID_SAMPLE', message: 'sample must be a positive integer' });
      return;
    }
    const withValues = req.query['values'] === '1';
    // Mismatch values are patient data: served only to a caller holding the reconciler's token.
    if (withValues && !bearerMatches(req.get('authorization'), config.P2Z_RECONCILER_TOKEN)) {
      res.status(config.P2Z_RECONCILER_TOKEN ? 401 : 403).json({ code: 'VALUES_NEED_TOKEN', message: 'field values need P2Z_RECONCILER_TOKEN (Authorization: Bearer …)' });
      return;
    }
    try {
      const { report, details } = await reconcileNow(sampleParam);
      res.json(withValues ? { ...report, details } : report);
    } catch (error) {
      ctx.logger.error({ err: error }, 'reconciliation failed');
      next(error);
    }
  });
  routes.get('/status', async (_req, res, next) => {
    try {
      const lag = await lagNow();
      res.json({ generatedAtMs: Date.now(), entities: pipelineStatus(model, lag), lag });
    } catch (error) {
      ctx.logger.error({ err: error }, 'status failed');
      next(error);
    }
  });

  let running: Promise<unknown> | undefined;
  const timer =
    config.P2Z_RECONCILE_INTERVAL_MS > 0
      ? setInterval(() => {
          if (running || !consumer.isReady()) return;
          running = reconcileNow(undefined)
            .catch((error: unknown) => ctx.logger.warn({ err: error }, 'periodic reconciliation failed; the next interval retries'))
            .finally(() => (running = undefined));
        }, config.P2Z_RECONCILE_INTERVAL_MS)
      : undefined;
  timer?.unref();

  return {
    consumers: [consumer],
    routes,
    stop: async () => {
      if (timer) clearInterval(timer);
      await running;
      await producer.disconnect();
    },
  };
}
