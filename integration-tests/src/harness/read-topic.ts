import type { IHeaders, Kafka } from 'kafkajs';

export interface ReadMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | undefined>;
  offset: string;
  partition: number;
}

function flatHeaders(headers: IHeaders | undefined): Record<string, Buffer | undefined> {
  const out: Record<string, Buffer | undefined> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k] = Array.isArray(v) ? (v[0] as Buffer | undefined) : typeof v === 'string' ? Buffer.from(v) : v;
  return out;
}

/**
 * Reads a topic from the beginning with a throw-away group until `atLeast` committed messages arrived
 * or `idleMs` passed with nothing new. Read-committed, as our consumers read.
 */
export async function readTopic(kafka: Kafka, topic: string, atLeast: number, idleMs = 15_000): Promise<ReadMessage[]> {
  const groupId = `reader-${topic}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let lastArrival = Date.now();
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        messages.push({ key: message.key, value: message.value, headers: flatHeaders(message.headers), offset: message.offset, partition });
        lastArrival = Date.now();
      },
    });
    while (messages.length < atLeast && Date.now() - lastArrival < idleMs) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return messages;
}
