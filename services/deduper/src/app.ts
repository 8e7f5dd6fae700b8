import { EventSerde, topicNames } from '@panda2zoho/events';
import { PermanentError, ensureTopics, idempotentProducer, startConsumer, type OutboundRecord, type ServiceContext, type StartedService } from '@panda2zoho/kafka';
import type { Kafka } from 'kafkajs';
import { readToEnd } from './adapters/read-to-end.ts';
import type { DeduperConfig } from './config.ts';
import { REFERRER_ENTITIES } from './domain/referrer-resolution.ts';
import { DedupeState, recordPosition } from './handlers/dedupe-handler.ts';

export const SERVICE = 'deduper';

/** Records per transaction when the start-up settle has much to emit. */
const REBUILD_CHUNK = 500;

/**
 * Patients and referrers → golden records; rule and operator decisions on one single-partition topic.
 *
 * State lives in Kafka only: at start the deduper reads its inputs, the decisions and its own outputs to
 * their ends, recomputes every cluster and emits only what differs from what it emitted before (nothing,
 * after a clean stop). Then it consumes live. Matching is global, so exactly one instance may run: all
 * share the transactional id `<ns>.deduper`, and a second instance fences the first (its next commit
 * fails and it exits) rather than both emitting.
 */
export async function createApp(ctx: ServiceContext, config: DeduperConfig): Promise<StartedService> {
  const ns = config.P2Z_TOPIC_NAMESPACE;
  const topics = topicNames(ns);
  const serde = new EventSerde(config.SCHEMA_REGISTRY_URL);
  const state = new DedupeState({
    topics,
    serde,
    secret: config.DEDUPE_SECRET,
    locationPriority: config.DEDUPE_LOCATION_PRIORITY,
    operatorToken: config.P2Z_OPERATOR_TOKEN,
  });
  await ensureTopics(ctx.admin, [
    ...state.inputTopics().filter((t) => t !== topics.dedupeDecisions).map((topic) => ({ topic })),
    // One partition: one total order of decisions, the same on every replay. Kept forever: the audit trail.
    { topic: topics.dedupeDecisions, partitions: 1, retention: 'forever' },
    ...state.outputTopics().map((topic) => ({ topic })),
    { topic: topics.deadLetter(SERVICE), retention: 'forever' },
  ]);
  // Registered before anything is consumed: encoding then never waits on the registry mid-transaction.
  await serde.register(topics.patientResolved, 'PatientResolved');
  await serde.register(topics.dedupeDecisions, 'DedupeDecisionRecorded');
  for (const entity of REFERRER_ENTITIES) await serde.register(topics.recordResolved(entity), 'RecordNormalized');

  const transactionalId = `${ns}.${SERVICE}`;
  const outputs = new Set(state.outputTopics());
  const pending: Array<{ topic: string; partition: number; offset: string; value: Buffer | null }> = [];
  const rebuilt = await readToEnd(ctx.kafka, ctx.admin, [...state.outputTopics(), ...state.inputTopics()], (topic, partition, message) => {
    pending.push({ topic, partition, offset: message.offset, value: message.value });
  });
  // Outputs first (what was emitted), then inputs in log order per partition.
  for (const { topic, value } of pending.filter((p) => outputs.has(p.topic))) await state.restore(topic, value);
  state.patients.finishRestore();
  // Records the start could not apply are left to the live consumer, which dead-letters them (once: those
  // before the committed offset it never reads again, and were dead-lettered when it first read them).
  const redo = new Set<string>();
  for (const { topic, partition, offset, value } of pending.filter((p) => !outputs.has(p.topic))) {
    try {
      if ((await state.apply(topic, value)).kind === 'rejected') redo.add(recordPosition(topic, partition, offset));
    } catch (error) {
      if (!(error instanceof PermanentError)) throw error; // transient: the start fails and the supervisor restarts it
      redo.add(recordPosition(topic, partition, offset));
    }
  }
  pending.length = 0;
  const startRecords = await state.settle(true);
  await produceInTransactions(ctx.kafka, transactionalId, startRecords);
  ctx.logger.info({ emitted: startRecords.length, notApplied: redo.size }, 'deduper state rebuilt from Kafka');

  const consumer = await startConsumer({
    kafka: ctx.kafka,
    service: ctx.service,
    groupId: `${ns}.${SERVICE}`,
    topics: state.inputTopics(),
    handler: state.handler(rebuilt, redo),
    deadLetterTopic: topics.deadLetter(SERVICE),
    transactionalId,
    logger: ctx.logger,
    metrics: ctx.metrics,
  });
  return { consumers: [consumer] };
}

async function produceInTransactions(kafka: Kafka, transactionalId: string, records: OutboundRecord[]): Promise<void> {
  if (records.length === 0) return;
  const producer = idempotentProducer(kafka, transactionalId);
  await producer.connect();
  try {
    for (let start = 0; start < records.length; start += REBUILD_CHUNK) {
      const chunk = records.slice(start, start + REBUILD_CHUNK);
      const txn = await producer.transaction();
      try {
        const byTopic = new Map<string, OutboundRecord[]>();
        for (const r of chunk) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
        await txn.sendBatch({ topicMessages: [...byTopic].map(([topic, rs]) => ({ topic, messages: rs.map((r) => ({ key: r.key, value: r.value })) })) });
        await txn.commit();
      } catch (error) {
        await txn.abort().catch(() => undefined);
        throw error;
      }
    }
  } finally {
    await producer.disconnect();
  }
}
