import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { TransientError, fetchTopicOffsetsWhenAvailable } from '@panda2zoho/kafka';

/** `<topic>#<partition>` → the next offset after what was read. */
export type Positions = Map<string, bigint>;

export const positionKey = (topic: string, partition: number): string => `${topic}#${partition}`;

/**
 * Reads topics from the beginning to their last stable offset at the time of the call (read-committed),
 * handing every record to `visit` in log order per partition. What the deduper rebuilds its state from:
 * no local database. Returns the positions reached, so the live consumer can skip what was applied.
 */
export async function readToEnd(
  kafka: Kafka,
  admin: Admin,
  topics: string[],
  visit: (topic: string, partition: number, message: KafkaMessage) => void,
  timeoutMs = 300_000,
): Promise<Positions> {
  const targets: Positions = new Map();
  const positions: Positions = new Map();
  for (const topic of topics) {
    for (const p of await fetchTopicOffsetsWhenAvailable(admin, topic)) {
      const key = positionKey(topic, p.partition);
      positions.set(key, BigInt(p.low));
      if (BigInt(p.high) > BigInt(p.low)) targets.set(key, BigInt(p.high));
      else positions.set(key, BigInt(p.high));
    }
  }
  const unfinished = () => [...targets].filter(([key, target]) => (positions.get(key) ?? 0n) < target);
  if (unfinished().length === 0) return positions;

  // A throw-away group that never commits, deleted afterwards: kafkajs has no group-less assignment.
  const groupId = `deduper.rebuild.${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, allowAutoTopicCreation: false, maxBytes: 50 * 1024 * 1024 });
  await consumer.connect();
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new TransientError('STATE_UNREADABLE', `deduper state topics not read to their end within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const advance = (topic: string, partition: number, next: bigint) => {
        const key = positionKey(topic, partition);
        const target = targets.get(key);
        // Never past the target: records after it belong to the live consumer.
        if (target !== undefined && next > (positions.get(key) ?? 0n)) positions.set(key, next > target ? target : next);
        if (unfinished().length === 0) {
          clearTimeout(timer);
          resolve();
        }
      };
      // A fetch holding only transaction markers reaches no handler; this event still moves the position.
      consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
        advance(event.payload.topic, event.payload.partition, BigInt(event.payload.lastOffset) + 1n);
      });
      consumer
        .run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch }) => {
            const key = positionKey(batch.topic, batch.partition);
            const target = targets.get(key) ?? 0n;
            for (const message of batch.messages) {
              if (BigInt(message.offset) >= target) break;
              visit(batch.topic, batch.partition, message);
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
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return positions;
}
