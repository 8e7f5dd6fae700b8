import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { ConfigError, kafkaEnv, parseConfig } from './index.ts';

const schema = z.object({ ...kafkaEnv, ZOHO_CLIENT_SECRET: z.string().min(8) });

test('parses a valid environment with defaults', () => {
  const cfg = parseConfig(schema, {
    KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19094,',
    SCHEMA_REGISTRY_URL: 'http://127.0.0.1:18081/apis/ccompat/v7',
    ZOHO_CLIENT_SECRET: 'secret-value',
  });
  assert.deepEqual(cfg.KAFKA_BROKERS, ['127.0.0.1:19092', '127.0.0.1:19094']);
  assert.equal(cfg.P2Z_TOPIC_NAMESPACE, 'p2z');
  assert.equal(cfg.LOG_LEVEL, 'info');
});

test('lists every problem at once and never echoes values', () => {
  let caught: unknown;
  try {
    parseConfig(schema, { KAFKA_BROKERS: '', SCHEMA_REGISTRY_URL: 'not a url', ZOHO_CLIENT_SECRET: 'short', P2Z_TOPIC_NAMESPACE: 'Bad_NS' });
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigError);
  const names = caught.problems.map((p) => p.split(':')[0]);
  assert.deepEqual(names.sort(), ['KAFKA_BROKERS', 'P2Z_TOPIC_NAMESPACE', 'SCHEMA_REGISTRY_URL', 'ZOHO_CLIENT_SECRET']);
  assert.ok(!caught.message.includes('short'), 'secret value leaked into the error');
});
