import type { Kafka } from 'kafkajs';

export interface TopicRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: Buffer | null;
}

/**
 * Reads several topics from the beginning (read-committed, a throw-away group) until `expected`
 * records arrived or `idleMs` passed with nothing new. Per partition the order is the log's order.
 */
export async function readTopics(kafka: Kafka, topics: string[], expected: number, idleMs = 20_000): Promise<TopicRecord[]> {
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
          records.push({ topic: batch.topic, partition: batch.partition, offset: m.offset, key: m.key?.toString() ?? '', value: m.value });
        }
        lastArrival = Date.now();
      },
    });
    while (records.length < expected && Date.now() - lastArrival < idleMs) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return records;
}
