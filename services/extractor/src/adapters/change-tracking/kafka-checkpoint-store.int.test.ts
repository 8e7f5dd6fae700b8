import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Admin, Kafka } from 'kafkajs';
import { createKafka } from '@panda2zoho/kafka';
import { kafkaBrokers, stackConfigFromEnv } from '@panda2zoho/local-stack';
import { createLogger } from '@panda2zoho/observability';
import { changeTrackingCheckpointTopic } from './checkpoint-store.ts';
import { KafkaCheckpointStore } from './kafka-checkpoint-store.ts';

// Against the real broker (the local stack `npm test` starts, or P2Z_TEST_KAFKA_BROKERS); unique topic, deleted after.
const brokers = process.env['P2Z_TEST_KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(stackConfigFromEnv(fileURLToPath(new URL('../../../../../', import.meta.url))));

describe('Kafka checkpoint store against a real broker', { timeout: 120_000 }, () => {
  const topic = changeTrackingCheckpointTopic(`ctcp${Date.now().toString(36)}`);
  let kafka: Kafka;
  let admin: Admin;

  before(async () => {
    kafka = createKafka({ brokers, clientId: 'ct-checkpoint-test' }, createLogger({ service: 'ct-checkpoint-test', level: 'fatal' }));
    admin = kafka.admin();
    await admin.connect();
  });

  after(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  test('an empty topic opens with no checkpoints; saved checkpoints are read back, latest per key, after a restart', async () => {
    const first = await KafkaCheckpointStore.open({ kafka, admin, topic });
    assert.equal(await first.load('loc1', 'Patients'), undefined);
    await first.save('loc1', 'Patients', { version: 7, at: '2026-01-01T00:00:00.000Z' });
    await first.save('loc1', 'PerioSiteMeasurements', { version: 7, at: '2026-01-01T00:00:00.000Z' });
    await first.save('loc1', 'Patients', { version: 10, at: '2026-01-01T00:01:00.000Z' });
    await first.save('loc2', 'Patients', { version: 3, at: '2026-01-01T00:02:00.000Z' });
    assert.deepEqual(await first.load('loc1', 'Patients'), { version: 10, at: '2026-01-01T00:01:00.000Z' });
    await first.close();

    const configs = await admin.describeConfigs({ resources: [{ type: 2, name: topic, configNames: ['cleanup.policy'] }], includeSynonyms: false });
    assert.equal(configs.resources[0]?.configEntries[0]?.configValue, 'compact');

    // A tombstone (an operator resetting a table) and a record that is not ours both mean "no checkpoint": reload.
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'loc1:PerioSiteMeasurements', value: null }, { key: 'loc2:Patients', value: 'not json' }] });
    await producer.disconnect();

    const restarted = await KafkaCheckpointStore.open({ kafka, admin, topic });
    assert.deepEqual(await restarted.load('loc1', 'Patients'), { version: 10, at: '2026-01-01T00:01:00.000Z' });
    assert.equal(await restarted.load('loc1', 'PerioSiteMeasurements'), undefined);
    assert.equal(await restarted.load('loc2', 'Patients'), undefined);
    await restarted.close();

    const groups = await admin.listGroups();
    assert.ok(!groups.groups.some((g) => g.groupId.startsWith(`${topic}.reader.`)), 'the reader groups are deleted');
  });
});
