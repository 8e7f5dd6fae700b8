import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '@panda2zoho/config';
import { missingLastNamePolicy, normalizerConfigSchema, parseToothNumberingByLocation } from './config.ts';
import { normalizeContext } from './app.ts';

const base = { KAFKA_BROKERS: 'localhost:9092', SCHEMA_REGISTRY_URL: 'http://localhost:8081' };

test('tooth numbering per location: loc:scheme pairs, loose spellings; unknown schemes fail', () => {
  assert.deepEqual(parseToothNumberingByLocation('loc1:FDI, loc2:UNIVERSAL,loc3:palmer'), { loc1: 'FDI', loc2: 'Universal', loc3: 'Palmer' });
  assert.deepEqual(parseToothNumberingByLocation(''), {});
  assert.throws(() => parseToothNumberingByLocation('loc1:Haderup'));
  assert.throws(() => parseToothNumberingByLocation('FDI'));
});

test('config: defaults, the deprecated last-name variable, and tokenise needing a secret (never echoed)', () => {
  const defaults = parseConfig(normalizerConfigSchema, base);
  assert.equal(defaults.NORMALIZER_OVERLONG, 'note');
  assert.equal(defaults.NORMALIZER_SSN, 'drop');
  assert.equal(missingLastNamePolicy(defaults), 'dead-letter');
  assert.equal(missingLastNamePolicy(parseConfig(normalizerConfigSchema, { ...base, MISSING_LAST_NAME_POLICY: 'placeholder' })), 'placeholder');
  assert.equal(missingLastNamePolicy(parseConfig(normalizerConfigSchema, { ...base, NORMALIZER_MISSING_LAST_NAME: 'placeholder', MISSING_LAST_NAME_POLICY: 'dead-letter' })), 'placeholder');
  assert.throws(() => parseConfig(normalizerConfigSchema, { ...base, NORMALIZER_SSN: 'tokenise' }), /NORMALIZER_SSN_SECRET/);
  const secret = 'sixteen-chars-secret';
  try {
    parseConfig(normalizerConfigSchema, { ...base, NORMALIZER_SSN: 'tokenise', NORMALIZER_SSN_SECRET: 'short' });
    assert.fail('a short secret must fail');
  } catch (error) {
    assert.ok(!String(error).includes('short'));
  }
  const ctx = normalizeContext(parseConfig(normalizerConfigSchema, { ...base, NORMALIZER_SSN: 'tokenise', NORMALIZER_SSN_SECRET: secret, NORMALIZER_TOOTH_NUMBERING: 'north:FDI' }));
  assert.equal(ctx.toothNumberingOf('north'), 'FDI');
  assert.equal(ctx.toothNumberingOf('south'), 'Universal');
  assert.match(ctx.tokenise!('123456789'), /^[0-9a-f]{64}$/);
  assert.ok(!JSON.stringify(ctx).includes(secret));
});
