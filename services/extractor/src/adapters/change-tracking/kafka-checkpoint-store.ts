import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { ensureTopics, fetchTopicOffsetsWhenAvailable, idempotentProducer, TransientError } from '@panda2zoho/kafka';
import type { ChangeTrackingCheckpoint } from '../../domain/change-tracking-decision.ts';
import { checkpointKey, type CheckpointStore } from './checkpoint-store.ts';

export interface KafkaCheckpointStoreOptions {
  kafka: Kafka;
  admin: Admin;
  /** e.g. changeTrackingCheckpointTopic(namespace) */
  topic: string;
  /** How long reading the topic to its end may take before start-up fails (transient). */
  readTimeoutMs?: number;
}

/**
 * Checkpoints in a compacted topic, keyed `<locationId>:<table>`, value JSON {version, at}. At open the
 * topic is read from the beginning to its end offsets, so the latest value per key wins; a tombstone
 * (null value) removes a checkpoint, which makes the next poll reload that table. One extractor
 * instance polls a location at a time, so the in-memory copy stays the truth after open.
 */
export class KafkaCheckpointStore implements CheckpointStore {
  private constructor(
    private readonly topic: string,
    private readonly producer: Producer,
    private readonly checkpoints: Map<string, ChangeTrackingCheckpoint>,
  ) {}

  static async open(options: KafkaCheckpointStoreOptions): Promise<KafkaCheckpointStore> {
    // One partition: the topic is tiny, and one partition keeps reading it to the end simple.
    await ensureTopics(options.admin, [{ topic: options.topic, partitions: 1, compacted: true, retention: 'forever' }]);
    const checkpoints = await readToEnd(options);
    const producer = idempotentProducer(options.kafka);
    await producer.connect();
    return new KafkaCheckpointStore(options.topic, producer, checkpoints);
  }

  async load(locationId: string, table: string): Promise<ChangeTrackingCheckpoint | undefined> {
    return this.checkpoints.get(checkpointKey(locationId, table));
  }

  /** Resolves once the broker acknowledged the write (acks=all). */
  async save(locationId: string, table: string, checkpoint: ChangeTrackingCheckpoint): Promise<void> {
    const key = checkpointKey(locationId, table);
    await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key, value: JSON.stringify(checkpoint) }] });
    this.checkpoints.set(key, checkpoint);
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}

/** A record we cannot read (not ours, or a future format) counts as no checkpoint: the table reloads, which is safe. */
function parseCheckpoint(value: Buffer): ChangeTrackingCheckpoint | undefined {
  try {
    const parsed = JSON.parse(value.toString('utf8')) as { version?: unknown; at?: unknown };
    if (typeof parsed.version === 'number' && Number.isSafeInteger(parsed.version) && parsed.version >= 0) {
      return { version: parsed.version, at: typeof parsed.at === 'string' ? parsed.at : '' };
    }
  } catch {
    // not JSON: no checkpoint, see above
  }
  return undefined;
}

async function readToEnd(options: KafkaCheckpointStoreOptions): Promise<Map<string, ChangeTrackingCheckpoint>> {
  const checkpoints = new Map<string, ChangeTrackingCheckpoint>();
  const offsets = await fetchTopicOffsetsWhenAvailable(options.admin, options.topic);
  // The last offset of each partition to reach; the head of a compacted log is never cleaned away.
  const remaining = new Map(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]));
  if (remaining.size === 0) return checkpoints;

  // A throw-away group that never commits, deleted afterwards: kafkajs has no group-less assignment.
  const groupId = `${options.topic}.reader.${randomUUID()}`;
  const consumer = options.kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timeoutMs = options.readTimeoutMs ?? 60_000;
      const timer = setTimeout(() => reject(new TransientError('CHECKPOINTS_UNREADABLE', `checkpoint topic not read to its end within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (message.key !== null) {
              const key = message.key.toString('utf8');
              const checkpoint = message.value === null ? undefined : parseCheckpoint(message.value);
              if (checkpoint) checkpoints.set(key, checkpoint);
              else checkpoints.delete(key);
            }
            const last = remaining.get(partition);
            if (last !== undefined && BigInt(message.offset) >= last) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  } finally {
    await consumer.disconnect();
    await options.admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return checkpoints;
}
