import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldDataType, FieldDefinition } from './field-definitions.ts';
import { isValidCalendarDate, validateRecordInput, type ValidationContext } from './record-validation.ts';

function field(api_name: string, data_type: FieldDataType, length: number | null, extra: Partial<FieldDefinition> = {}): FieldDefinition {
  return {
    id: api_name,
    api_name,
    field_label: api_name,
    data_type,
    length,
    decimal_place: null,
    custom_field: false,
    system_mandatory: false,
    read_only: false,
    field_read_only: false,
    unique: null,
    pick_list_values: [],
    lookup: null,
    ...extra,
  };
}

const FIELDS = [
  field('Last_Name', 'text', 80, { system_mandatory: true }),
  field('Email', 'email', 100),
  field('Visits', 'integer', 9),
  field('Balance', 'currency', 16),
  field('Opted_Out', 'boolean', null),
  field('Seen_At', 'datetime', null),
  field('Created_Time', 'datetime', null, { read_only: true }),
];

const ctx = (mode: 'insert' | 'update'): ValidationContext => ({
  mode,
  index: 3,
  resolveLookup: () => null,
  resolveUser: () => null,
});

function errorOf(input: unknown, mode: 'insert' | 'update' = 'insert'): Record<string, unknown> | null {
  const result = validateRecordInput(FIELDS, input, ctx(mode));
  return result.ok ? null : { code: result.error.code, ...result.error.details };
}

describe('validateRecordInput', () => {
  it('accepts valid values and normalises datetimes to the org offset', () => {
    const result = validateRecordInput(FIELDS, { Last_Name: 'X', Visits: 3, Balance: 1.5, Opted_Out: false, Seen_At: '2024-03-01T10:00:00+02:00', $se_module: 'Accounts' }, ctx('insert'));
    assert.ok(result.ok);
    assert.deepEqual(result.values, { Last_Name: 'X', Visits: 3, Balance: 1.5, Opted_Out: false, Seen_At: '2024-03-01T08:00:00+00:00' });
  });

  it('requires mandatory fields on insert but only when touched on update', () => {
    assert.deepEqual(errorOf({ Email: 'a@b.co' }), { code: 'MANDATORY_NOT_FOUND', api_name: 'Last_Name', json_path: '$.data[3].Last_Name' });
    assert.equal(errorOf({ Last_Name: '  ' })?.['code'], 'MANDATORY_NOT_FOUND');
    assert.equal(errorOf({ Email: 'a@b.co' }, 'update'), null);
    assert.equal(errorOf({ Last_Name: null }, 'update')?.['code'], 'MANDATORY_NOT_FOUND');
  });

  it('reports type, length, unknown and read-only problems with Zoho details', () => {
    assert.deepEqual(errorOf({ Last_Name: 'x'.repeat(81) }), { code: 'INVALID_DATA', api_name: 'Last_Name', maximum_length: 80, json_path: '$.data[3].Last_Name' });
    assert.equal(errorOf({ Last_Name: 'X', Visits: '3' })?.['expected_data_type'], 'integer');
    assert.equal(errorOf({ Last_Name: 'X', Visits: 1_000_000_000 })?.['maximum_length'], 9);
    assert.equal(errorOf({ Last_Name: 'X', Opted_Out: 'yes' })?.['expected_data_type'], 'boolean');
    assert.equal(errorOf({ Last_Name: 'X', Seen_At: '2024-03-01 10:00' })?.['expected_data_type'], 'datetime');
    assert.equal(errorOf({ Last_Name: 'X', Email: 'a@b' })?.['expected_data_type'], 'email');
    assert.deepEqual(errorOf({ Last_Name: 'X', Shoe: 1 }), { code: 'INVALID_DATA', api_name: 'Shoe', json_path: '$.data[3].Shoe' });
    assert.equal(errorOf({ Last_Name: 'X', Created_Time: '2024-03-01T10:00:00Z' })?.['api_name'], 'Created_Time');
    assert.equal(errorOf([])?.['expected_data_type'], 'jsonobject');
  });

  it('checks real calendar dates', () => {
    assert.equal(isValidCalendarDate('2024-02-29'), true);
    assert.equal(isValidCalendarDate('2023-02-29'), false);
    assert.equal(isValidCalendarDate('2024-2-9'), false);
  });
});
