import type { IHeaders, Kafka } from 'kafkajs';

export interface TopicRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | undefined>;
}

function flatHeaders(headers: IHeaders | undefined): Record<string, Buffer | undefined> {
  const out: Record<string, Buffer | undefined> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k] = Array.isArray(v) ? (v[0] as Buffer | undefined) : typeof v === 'string' ? Buffer.from(v) : v;
  return out;
}

/**
 * Reads topics from the beginning (read-committed, as our consumers read, with a throw-away group)
 * until `atLeast` records arrived or `idleMs` passed with nothing new. Per partition the order is the
 * log's order.
 */
export async function readTopics(kafka: Kafka, topics: string[], atLeast: number, idleMs = 20_000): Promise<TopicRecord[]> {
  const groupId = `reader-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxBytes: 50 * 1024 * 1024 });
  const records: TopicRecord[] = [];
  await consumer.connect();
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    let lastArrival = Date.now();
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          records.push({ topic: batch.topic, partition: batch.partition, offset: m.offset, key: m.key, value: m.value, headers: flatHeaders(m.headers) });
        }
        lastArrival = Date.now();
      },
    });
    while (records.length < atLeast && Date.now() - lastArrival < idleMs) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return records;
}

/** One topic; see readTopics. */
export function readTopic(kafka: Kafka, topic: string, atLeast: number, idleMs = 15_000): Promise<TopicRecord[]> {
  return readTopics(kafka, [topic], atLeast, idleMs);
}
