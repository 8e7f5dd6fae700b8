import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kafkaServerProperties, newKafkaClusterId, renderProperties } from './kafka-properties.ts';

test('a combined KRaft node on the given ports with a static single-voter quorum', () => {
  const props = kafkaServerProperties({ kafkaPort: 29092, controllerPort: 29093, dataDir: '/state/kafka/data' });
  assert.equal(props['process.roles'], 'broker,controller');
  assert.equal(props['controller.quorum.voters'], '1@127.0.0.1:29093');
  assert.equal(props['listeners'], 'PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093');
  assert.equal(props['advertised.listeners'], 'PLAINTEXT://127.0.0.1:29092');
  assert.equal(props['log.dirs'], '/state/kafka/data');
  assert.equal(props['auto.create.topics.enable'], 'false');
  for (const key of ['offsets.topic.replication.factor', 'transaction.state.log.replication.factor', 'transaction.state.log.min.isr']) {
    assert.equal(props[key], '1', key);
  }
  assert.ok(!Object.keys(props).some((k) => k.startsWith('log.retention')), 'retention stays at Kafka defaults');
});

test('renders java.util.Properties text with a comment header and escaped values', () => {
  const text = renderProperties({ 'log.dirs': 'C:\\kafka\\data', 'a.b': 'x=y:z', lead: ' space' }, 'generated\ndo not edit');
  assert.equal(text, '# generated\n# do not edit\nlog.dirs=C:\\\\kafka\\\\data\na.b=x=y:z\nlead=\\ space\n');
});

test('cluster ids look like StorageTool random-uuid output', () => {
  const id = newKafkaClusterId();
  assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  assert.ok(!id.startsWith('-'));
  assert.equal(Buffer.from(id, 'base64url').length, 16);
});

test('a cluster id that would start with "-" is drawn again', () => {
  // 0xf8 encodes to '-' as the first base64url character
  const draws = ['f8000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000001'];
  const id = newKafkaClusterId(() => draws.shift() as `${string}-${string}-${string}-${string}-${string}`);
  assert.equal(id, Buffer.from('00000000000040008000000000000001', 'hex').toString('base64url'));
  assert.equal(draws.length, 0);
});
