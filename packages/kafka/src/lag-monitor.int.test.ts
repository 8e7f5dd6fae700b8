import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Admin, Kafka } from 'kafkajs';
import { createLogger, createMetrics, type Metrics } from '@panda2zoho/observability';
import { kafkaBrokers, stackConfigFromEnv } from '@panda2zoho/local-stack';
import { ConsumerProgress } from './consumer-progress.ts';
import { startConsumer, type RunningConsumer } from './consumer-runtime.ts';
import { createKafka, idempotentProducer } from './kafka-client.ts';
import { startLagMonitor, type LagMonitor } from './lag-monitor.ts';
import { skip } from './messages.ts';
import { ensureTopics } from './topics.ts';

// Lag against the real broker, on a topic written in transactions as our stages write theirs.
const brokers = process.env['P2Z_TEST_KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(stackConfigFromEnv(fileURLToPath(new URL('../../../', import.meta.url))));
const logger = createLogger({ service: 'lag-test', level: 'fatal' });

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The gauge values per `topic/partition` for one group, as a scrape would read them. */
async function series(metrics: Metrics, name: 'lag' | 'lagSeconds' | 'currentOffset', group: string): Promise<Map<string, number>> {
  const { values } = await metrics.lag[name].get();
  return new Map(values.filter((v) => v.labels['consumergroup'] === group).map((v) => [`${v.labels['topic']}/${v.labels['partition']}`, v.value]));
}

describe('consumer lag against a real broker', { timeout: 120_000 }, () => {
  const run = `lag${Date.now().toString(36)}`;
  const topic = `${run}.in`;
  const groups = { committing: `${run}.committing`, readModel: `${run}.read-model`, idle: `${run}.idle` };
  let kafka: Kafka;
  let admin: Admin;
  const running: RunningConsumer[] = [];
  const monitors: LagMonitor[] = [];

  before(async () => {
    kafka = createKafka({ brokers, clientId: run }, logger);
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic, partitions: 2 }, { topic: `${run}.dlq`, partitions: 1 }]);
    // Five transactions of four records: every transaction leaves a commit marker in each partition it wrote.
    const producer = idempotentProducer(kafka, `${run}.producer`);
    await producer.connect();
    for (let t = 0; t < 5; t++) {
      const txn = await producer.transaction();
      await txn.send({ topic, messages: [0, 1, 2, 3].map((i) => ({ key: `k${i}`, value: `v${t}.${i}`, partition: i % 2 })) });
      await txn.commit();
    }
    await producer.disconnect();
  });

  after(async () => {
    for (const m of monitors) m.stop();
    await Promise.all(running.map((c) => c.stop().catch(() => undefined)));
    await admin.deleteTopics({ topics: [topic, `${run}.dlq`] }).catch(() => undefined);
    await admin.deleteGroups(Object.values(groups)).catch(() => undefined);
    await admin.disconnect();
  });

  const monitor = (metrics: Metrics, consumers: () => ConsumerProgress[]) => {
    const m = startLagMonitor({ admin, gauges: metrics.lag, consumers, logger, intervalMs: 60_000 });
    monitors.push(m);
    return m;
  };

  test('a group that has consumed nothing lags by the whole partition (high − log start)', async () => {
    const metrics = createMetrics('lag-test');
    await monitor(metrics, () => [new ConsumerProgress(groups.idle, [topic], true)]).poll();
    const offsets = await admin.fetchTopicOffsets(topic);
    const lag = await series(metrics, 'lag', groups.idle);
    for (const p of offsets) assert.equal(lag.get(`${topic}/${p.partition}`), Number(p.high) - Number(p.low));
    // 10 records + 5 markers per partition: on a transactional topic, offsets count markers too.
    assert.deepEqual([...lag.values()], [15, 15]);
  });

  test('a committing group reports its lag in records and seconds while it works, and exactly 0 once drained', async () => {
    const metrics = createMetrics('lag-test');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const consumer = await startConsumer({
      kafka,
      service: 'lag-test',
      groupId: groups.committing,
      topics: [topic],
      handler: async (messages) => {
        await gate;
        return messages.map(() => skip('counted'));
      },
      deadLetterTopic: `${run}.dlq`,
      transactionalId: `${run}.committing.tx`,
      logger,
      metrics,
    });
    running.push(consumer);
    const m = monitor(metrics, () => [consumer.progress]);

    await waitUntil('a chunk held by the handler', async () => {
      await m.poll();
      return [...(await series(metrics, 'lagSeconds', groups.committing)).values()].some((s) => s >= 1);
    });
    assert.ok([...(await series(metrics, 'lag', groups.committing)).values()].every((lag) => lag > 0));

    release();
    await waitUntil('lag 0 on every partition', async () => {
      await m.poll();
      const lag = await series(metrics, 'lag', groups.committing);
      return lag.size === 2 && [...lag.values()].every((l) => l === 0);
    });
    // Honest zero: the committed offset is the high watermark, past the last transaction's marker.
    const committed = await admin.fetchOffsets({ groupId: groups.committing, topics: [topic] });
    const high = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
    for (const p of committed[0]!.partitions) assert.equal(p.offset, high.get(p.partition), `partition ${p.partition} committed past the marker`);
    assert.deepEqual([...(await series(metrics, 'lagSeconds', groups.committing)).values()], [0, 0]);
  });

  test('a read model that never commits reports lag from its in-memory position', async () => {
    const metrics = createMetrics('lag-test');
    const consumer = await startConsumer({
      kafka,
      service: 'lag-test',
      groupId: groups.readModel,
      topics: [topic],
      commit: 'never',
      handler: async (messages) => messages.map(() => skip('tallied')),
      deadLetterTopic: `${run}.dlq`,
      transactionalId: 'unused',
      logger,
      metrics,
    });
    running.push(consumer);
    const m = monitor(metrics, () => [consumer.progress]);
    await waitUntil('lag 0 from the in-memory position', async () => {
      await m.poll();
      const lag = await series(metrics, 'lag', groups.readModel);
      return lag.size === 2 && [...lag.values()].every((l) => l === 0);
    });
    const [t] = await admin.fetchOffsets({ groupId: groups.readModel, topics: [topic] });
    assert.ok(t!.partitions.every((p) => p.offset === '-1'), 'nothing was committed');
  });
});
