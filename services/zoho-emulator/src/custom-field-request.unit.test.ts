import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCustomField, parseUniqueOption } from './custom-field-request.ts';
import { apiNameFromLabel } from './field-definitions.ts';

const ctx = { index: 0, existing: [], lookupModuleId: (name: string) => (name === 'Accounts' ? '5725767000001000003' : undefined) };

describe('custom field creation', () => {
  it('derives the api_name from the label', () => {
    assert.equal(apiNameFromLabel('PANDA Patient Key'), 'PANDA_Patient_Key');
    assert.equal(apiNameFromLabel('  Source  Created (PANDA) '), 'Source_Created_PANDA');
    assert.equal(apiNameFromLabel('Häufigkeit #2'), 'Hufigkeit_2');
  });

  it('accepts both unique spellings seen in Zoho material', () => {
    assert.deepEqual(parseUniqueOption({ case_sensitive: true }), { casesensitive: true });
    assert.deepEqual(parseUniqueOption({ casesensitive: 'false' }), { casesensitive: false });
    assert.deepEqual(parseUniqueOption(true), { casesensitive: false });
    assert.equal(parseUniqueOption(undefined), null);
    assert.equal(parseUniqueOption('yes'), 'invalid');
  });

  it('builds a definition with defaults and rejects bad input per item', () => {
    const built = buildCustomField({ field_label: 'PANDA Patient Key', data_type: 'text', length: 64, unique: { casesensitive: false } }, ctx);
    assert.ok(built.ok);
    assert.deepEqual(
      [built.definition.api_name, built.definition.length, built.definition.unique, built.definition.custom_field],
      ['PANDA_Patient_Key', 64, { casesensitive: false }, true],
    );
    const lookup = buildCustomField({ field_label: 'Practice', data_type: 'lookup', lookup: { module: { api_name: 'Accounts' } } }, ctx);
    assert.ok(lookup.ok && lookup.definition.lookup?.module.id === '5725767000001000003');
    const failures = [
      [{ data_type: 'text' }, 'MANDATORY_NOT_FOUND', 'field_label'],
      [{ field_label: 'X' }, 'MANDATORY_NOT_FOUND', 'data_type'],
      [{ field_label: 'X', data_type: 'hologram' }, 'INVALID_DATA', 'data_type'],
      [{ field_label: 'X', data_type: 'text', length: 256 }, 'INVALID_DATA', 'length'],
      [{ field_label: 'X', data_type: 'boolean', unique: true }, 'INVALID_DATA', 'unique'],
      [{ field_label: '123', data_type: 'text' }, 'INVALID_DATA', 'field_label'],
      [{ field_label: 'X', data_type: 'lookup', lookup: { module: { api_name: 'Nope' } } }, 'INVALID_DATA', 'lookup'],
    ] as const;
    for (const [input, code, apiName] of failures) {
      const result = buildCustomField(input, ctx);
      assert.ok(!result.ok, JSON.stringify(input));
      assert.deepEqual([result.error.code, result.error.details['api_name']], [code, apiName], JSON.stringify(input));
    }
  });
});
