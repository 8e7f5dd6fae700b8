import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controllerPort, kafkaBrokers, registryUrl, stackConfigFromEnv } from './stack-config.ts';

test('defaults: state below the repo, ports 19092/19093/18081', () => {
  const cfg = stackConfigFromEnv('/repo', {});
  assert.deepEqual(cfg, { repoRoot: '/repo', stateDir: '/repo/.p2z', kafkaPort: 19092, registryPort: 18081 });
  assert.equal(controllerPort(cfg), 19093);
  assert.deepEqual(kafkaBrokers(cfg), ['127.0.0.1:19092']);
  assert.equal(registryUrl(cfg), 'http://127.0.0.1:18081/apis/ccompat/v7');
});

test('reads P2Z_STATE_DIR (relative to the repo) and the ports', () => {
  const cfg = stackConfigFromEnv('/repo', { P2Z_STATE_DIR: 'tmp/state', P2Z_KAFKA_PORT: '29092', P2Z_REGISTRY_PORT: '28081' });
  assert.equal(cfg.stateDir, '/repo/tmp/state');
  assert.equal(controllerPort(cfg), 29093);
  assert.equal(registryUrl(cfg), 'http://127.0.0.1:28081/apis/ccompat/v7');
  assert.equal(stackConfigFromEnv('/repo', { P2Z_STATE_DIR: '/var/p2z' }).stateDir, '/var/p2z');
});

test('lists every invalid port at once', () => {
  assert.throws(
    () => stackConfigFromEnv('/repo', { P2Z_KAFKA_PORT: 'abc', P2Z_REGISTRY_PORT: '70000' }),
    (err: Error) => err.message.includes('P2Z_KAFKA_PORT') && err.message.includes('P2Z_REGISTRY_PORT'),
  );
});
