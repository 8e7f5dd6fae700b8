import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { ConfigError, kafkaEnv, kafkaSecurityFrom, parseConfig } from './index.ts';

const schema = z.object(kafkaEnv);
const base = { KAFKA_BROKERS: 'broker-1:9093', SCHEMA_REGISTRY_URL: 'https://registry.example:8081' };
const security = (env: Record<string, string>) => kafkaSecurityFrom(parseConfig(schema, { ...base, ...env }));

test('no TLS or SASL settings: plaintext, as the local stack', () => {
  const cfg = parseConfig(schema, base);
  assert.equal(cfg.KAFKA_SSL, false);
  assert.equal(cfg.P2Z_LAG_POLL_MS, 5000);
  assert.deepEqual(kafkaSecurityFrom(cfg), {});
});

test('TLS with a private CA, a client certificate and every SASL mechanism', () => {
  assert.deepEqual(security({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/etc/p2z/kafka-tls/ca.pem' }), {
    tls: { rejectUnauthorized: true, caFile: '/etc/p2z/kafka-tls/ca.pem' },
  });
  assert.deepEqual(security({ KAFKA_SSL: '1', KAFKA_SSL_CERT_FILE: 'c.pem', KAFKA_SSL_KEY_FILE: 'k.pem', KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' }), {
    tls: { rejectUnauthorized: false, certFile: 'c.pem', keyFile: 'k.pem' },
  });
  for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
    assert.deepEqual(security({ KAFKA_SSL: 'yes', KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'p2z', KAFKA_SASL_PASSWORD: 'pw-123456' }), {
      tls: { rejectUnauthorized: true },
      sasl: { mechanism, username: 'p2z', password: 'pw-123456' },
    });
  }
});

test('invalid values and combinations are listed together, never with a value', () => {
  const problems = (env: Record<string, string>): string[] => {
    try {
      security(env);
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.ok(!error.message.includes('hunter2-secret'), 'the password leaked into the error');
      return error.problems.map((p) => p.split(':')[0]!).sort();
    }
    return [];
  };
  assert.deepEqual(problems({ KAFKA_SSL: 'maybe', KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_PASSWORD: 'hunter2-secret' }), ['KAFKA_SASL_MECHANISM', 'KAFKA_SSL']);
  assert.deepEqual(problems({ KAFKA_SASL_MECHANISM: 'scram-sha-512' }), ['KAFKA_SASL_PASSWORD', 'KAFKA_SASL_USERNAME']);
  assert.deepEqual(problems({ KAFKA_SASL_USERNAME: 'p2z', KAFKA_SASL_PASSWORD: 'hunter2-secret' }), ['KAFKA_SASL_MECHANISM']);
  assert.deepEqual(problems({ KAFKA_SSL_CA_FILE: 'ca.pem' }), ['KAFKA_SSL_CA_FILE']);
  assert.deepEqual(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: 'c.pem' }), ['KAFKA_SSL_CERT_FILE']);
});
