import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Admin, Kafka } from 'kafkajs';
import { createLogger, createMetrics } from '@panda2zoho/observability';
import { kafkaBrokers, stackConfigFromEnv } from '@panda2zoho/local-stack';
import { DLQ_HEADERS } from './dead-letter.ts';
import { PermanentError, TransientError } from './errors.ts';
import { createKafka } from './kafka-client.ts';
import { emit, skip, type InboundMessage, type Outcome } from './messages.ts';
import { perMessage } from './per-message.ts';
import { startConsumer, type RunningConsumer } from './consumer-runtime.ts';
import { ensureTopics } from './topics.ts';

// The runtime against the real broker (the local stack `npm test` starts, or P2Z_TEST_KAFKA_BROKERS).
const brokers = process.env['P2Z_TEST_KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(stackConfigFromEnv(fileURLToPath(new URL('../../../', import.meta.url))));
const logger = createLogger({ service: 'runtime-test', level: 'fatal' });
const fastRetry = { initialDelayMs: 10, maxDelayMs: 50, maxAttempts: 5 };

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function drain(kafka: Kafka, topic: string, expected: number): Promise<Array<{ value: string; headers: Record<string, string> }>> {
  const consumer = kafka.consumer({ groupId: `drain-${topic}-${Math.random()}` });
  const out: Array<{ value: string; headers: Record<string, string> }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      out.push({ value: String(message.value), headers });
    },
  });
  await waitUntil(`${expected} messages on ${topic}`, () => out.length >= expected);
  await new Promise((r) => setTimeout(r, 500)); // and no more than expected
  await consumer.disconnect();
  return out;
}

describe('consumer runtime against a real broker', { timeout: 180_000 }, () => {
  const run = `rt${Date.now().toString(36)}`;
  const input = `${run}.in`;
  const output = `${run}.out`;
  const dlq = `${run}.dlq`;
  let kafka: Kafka;
  let admin: Admin;
  const running: RunningConsumer[] = [];

  const start = (handler: (m: InboundMessage) => Promise<Outcome>, groupSuffix = 'g') =>
    startConsumer({
      kafka,
      service: 'runtime-test',
      groupId: `${run}.${groupSuffix}`,
      topics: [input],
      handler: perMessage(handler),
      deadLetterTopic: dlq,
      transactionalId: `${run}.${groupSuffix}.tx`,
      logger,
      metrics: createMetrics('runtime-test'),
      retry: fastRetry,
    }).then((c) => (running.push(c), c));

  before(async () => {
    kafka = createKafka({ brokers, clientId: run }, logger);
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic: input, partitions: 1 }, { topic: output, partitions: 1 }, { topic: dlq, partitions: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: input, messages: ['a', 'poison', 'flaky', 'b', 'skip-me'].map((value) => ({ key: value, value })) });
    await producer.disconnect();
  });

  after(async () => {
    await Promise.all(running.map((c) => c.stop().catch(() => undefined)));
    await admin.deleteTopics({ topics: [input, output, dlq] }).catch(() => undefined);
    await admin.deleteGroups([`${run}.g`, `${run}.bug`, `${run}.bug-redelivered`]).catch(() => undefined);
    await admin.disconnect();
  });

  test('emits, dead-letters permanent failures with headers, retries transient ones, and commits offsets transactionally', async () => {
    const seen: string[] = [];
    let flakyAttempts = 0;
    const consumer = await start(async (m) => {
      const value = String(m.value);
      seen.push(value);
      if (value === 'poison') throw new PermanentError('INVALID_TEST_RECORD', 'poison is not allowed');
      if (value === 'flaky' && ++flakyAttempts < 3) throw new TransientError('FLAKY', 'try again');
      if (value === 'skip-me') return skip('not interesting');
      return emit({ topic: output, key: value, value: Buffer.from(value.toUpperCase()) });
    });

    const outputs = await drain(kafka, output, 3);
    assert.deepEqual(outputs.map((o) => o.value).sort(), ['A', 'B', 'FLAKY']);
    assert.equal(flakyAttempts, 3, 'the transient failure was retried until it succeeded');
    const [dead] = await drain(kafka, dlq, 1);
    assert.equal(dead?.value, 'poison', 'the original bytes are dead-lettered');
    assert.equal(dead?.headers[DLQ_HEADERS.code], 'INVALID_TEST_RECORD');
    assert.equal(dead?.headers[DLQ_HEADERS.reason], 'poison is not allowed');
    assert.equal(dead?.headers[DLQ_HEADERS.topic], input);
    assert.equal(dead?.headers[DLQ_HEADERS.offset], '1');

    await waitUntil('committed offset 5', async () => {
      const [t] = await admin.fetchOffsets({ groupId: `${run}.g`, topics: [input] });
      return t?.partitions[0]?.offset === '5';
    });
    await consumer.stop();

    // A restart resumes after the committed offset: nothing is handled twice.
    const again: string[] = [];
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: input, messages: [{ key: 'c', value: 'c' }] });
    await producer.disconnect();
    const restarted = await start(async (m) => {
      again.push(String(m.value));
      return skip('seen');
    });
    await waitUntil('the new message', () => again.length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(again, ['c']);
    await restarted.stop();
  });

  test('a bug (not a classified error) stops the runtime instead of looping', async () => {
    const consumer = await start(async () => {
      throw new TypeError('undefined is not a function');
    }, 'bug');
    await assert.rejects(consumer.done, TypeError);
  });

  test('after giving up the runtime handles nothing more, though kafkajs delivers the batch again', async () => {
    // kafkajs retries what it does not know to be unrecoverable (a plain Error, unlike a TypeError): it
    // fetches the uncommitted batch again while the process shuts down. A crash must not run it again.
    let calls = 0;
    const consumer = await start(async () => {
      calls++;
      throw new Error('an unexpected state');
    }, 'bug-redelivered');
    await assert.rejects(consumer.done, /an unexpected state/);
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(calls, 1);
  });
});
