import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '@panda2zoho/config';
import { securityOptions } from './kafka-client.ts';

test('TLS and SASL settings become kafkajs ssl and sasl options', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'p2z-tls-'));
  try {
    writeFileSync(path.join(dir, 'ca.pem'), 'CA PEM');
    assert.deepEqual(securityOptions(undefined), {});
    assert.deepEqual(securityOptions({}), {});
    const options = securityOptions({
      tls: { caFile: path.join(dir, 'ca.pem'), rejectUnauthorized: true },
      sasl: { mechanism: 'scram-sha-256', username: 'p2z', password: 'pw' },
    });
    assert.deepEqual(options.sasl, { mechanism: 'scram-sha-256', username: 'p2z', password: 'pw' });
    const ssl = options.ssl as { ca: Buffer[]; rejectUnauthorized: boolean };
    assert.equal(ssl.rejectUnauthorized, true);
    assert.equal(ssl.ca[0]?.toString(), 'CA PEM');
    assert.throws(() => securityOptions({ tls: { caFile: path.join(dir, 'missing.pem'), rejectUnauthorized: true } }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.problems[0] ?? '', /^KAFKA_SSL_CA_FILE: cannot read .*missing\.pem \(ENOENT\)$/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
