import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractorConfigSchema } from './config.ts';

const base = { KAFKA_BROKERS: 'localhost:9092', SCHEMA_REGISTRY_URL: 'http://localhost:8081', PANDA_DATABASES: 'PANDA_LOC01' };

test('the SSN is dropped by default; tokenising needs a secret of at least 16 characters', () => {
  assert.equal(extractorConfigSchema.parse(base).EXTRACTOR_SSN, 'drop');
  assert.equal(extractorConfigSchema.safeParse({ ...base, EXTRACTOR_SSN: 'tokenise' }).success, false);
  assert.equal(extractorConfigSchema.safeParse({ ...base, EXTRACTOR_SSN: 'tokenise', EXTRACTOR_SSN_SECRET: 'short' }).success, false);
  assert.equal(extractorConfigSchema.parse({ ...base, EXTRACTOR_SSN: 'tokenise', EXTRACTOR_SSN_SECRET: 'a-secret-of-sixteen+' }).EXTRACTOR_SSN, 'tokenise');
});
