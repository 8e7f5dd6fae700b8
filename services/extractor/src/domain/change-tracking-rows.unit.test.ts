import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tableForEntity, REFERENCE_TABLES } from '@panda2zoho/panda-model';
import { changeFromReloadedRow, changeFromTrackedRow, columnReader, ctKeyAlias, missingColumns, versionFromDriver } from './change-tracking-rows.ts';

const sites = tableForEntity(REFERENCE_TABLES, 'perio_site');
const ctx = () => ({ locationId: 'loc1', table: sites, read: columnReader() });
const siteRow = { ExamID: 77, Tooth: '3', Site: 'MB', ProbingDepth: 4, GingivalMargin: -1, Bleeding: 'Y', Suppuration: null, Plaque: '' };
const tracked = (version: unknown, op: unknown, row: Record<string, unknown>) => ({
  SYS_CHANGE_VERSION: version,
  SYS_CHANGE_OPERATION: op,
  [ctKeyAlias(0)]: 77,
  [ctKeyAlias(1)]: '3',
  [ctKeyAlias(2)]: 'MB',
  ...row,
});
const absent = { ExamID: null, Tooth: null, Site: null, ProbingDepth: null, GingivalMargin: null, Bleeding: null, Suppuration: null, Plaque: null };

test('an update becomes an UPSERT with canonical fields and a version position', () => {
  assert.deepEqual(changeFromTrackedRow(tracked('42', 'U', siteRow), ctx()), {
    kind: 'change',
    change: {
      entity: 'perio_site',
      locationId: 'loc1',
      sourceSystem: 'CHANGE_TRACKING',
      sourceTable: 'dbo.PerioSiteMeasurements',
      sourceKey: '77|3|MB',
      sourcePosition: 'PerioSiteMeasurements@42',
      sourceCommittedAtMs: null,
      operation: 'UPSERT',
      fields: { examId: 77, tooth: '3', site: 'MB', probingDepthMm: 4, gingivalMarginMm: -1, bleeding: 'Y', suppuration: null, plaque: null },
    },
  });
});

test('a delete carries the change table key only; an insert whose row is gone is a delete too', () => {
  for (const op of ['D', 'I']) {
    const result = changeFromTrackedRow(tracked('43', op, absent), ctx());
    assert.equal(result.kind, 'change');
    if (result.kind !== 'change') continue;
    assert.equal(result.change.operation, 'DELETE', op);
    assert.equal(result.change.sourceKey, '77|3|MB');
    assert.equal(result.change.fields, null);
  }
});

test('column names match case-insensitively (a table map need not match the server’s case)', () => {
  const lower = Object.fromEntries(Object.entries(siteRow).map(([k, v]) => [k.toLowerCase(), v]));
  const result = changeFromReloadedRow(lower, ctx(), 9);
  assert.equal(result.kind, 'change');
  assert.equal(result.kind === 'change' && result.change.fields?.['probingDepthMm'], 4);
  assert.equal(result.kind === 'change' && result.change.sourcePosition, 'PerioSiteMeasurements@9');
});

test('unreadable rows are problems that name columns, never values', () => {
  const badVersion = changeFromTrackedRow(tracked('x', 'U', siteRow), ctx());
  assert.equal(badVersion.kind === 'unreadable' && badVersion.code, 'INVALID_CHANGE_VERSION');
  const badOp = changeFromTrackedRow(tracked('5', 'M', siteRow), ctx());
  assert.equal(badOp.kind === 'unreadable' && badOp.code, 'INVALID_CHANGE_OPERATION');
  const noKey = changeFromTrackedRow({ ...tracked('5', 'D', absent), [ctKeyAlias(2)]: null }, ctx());
  assert.deepEqual(noKey.kind === 'unreadable' && [noKey.code, noKey.position], ['MISSING_PRIMARY_KEY', 'PerioSiteMeasurements@5']);
  const flags = tableForEntity(REFERENCE_TABLES, 'clinical_flag');
  const noFlagKey = changeFromReloadedRow({ PatientID: 2 }, { ...ctx(), table: flags }, 3);
  assert.equal(noFlagKey.kind === 'unreadable' && noFlagKey.code, 'UNREADABLE_VALUE');
  const secret = 'due-tomorrow';
  const badDate = changeFromReloadedRow({ FlagID: 1, PatientID: 2, DueDate: secret }, { ...ctx(), table: flags }, 3);
  assert.ok(badDate.kind === 'unreadable' && badDate.code === 'UNREADABLE_VALUE' && badDate.reason.includes('DueDate') && !badDate.reason.includes(secret));
});

test('versions: BIGINT strings and numbers are read, anything else refused', () => {
  assert.equal(versionFromDriver('12'), 12);
  assert.equal(versionFromDriver(12), 12);
  assert.equal(versionFromDriver(12n), 12);
  assert.equal(versionFromDriver(null), null);
  assert.equal(versionFromDriver('-1'), 'invalid');
  assert.equal(versionFromDriver('99999999999999999999'), 'invalid');
  assert.equal(versionFromDriver(1.5), 'invalid');
});

test('missing columns are the migrated definition columns the result set lacks', () => {
  assert.deepEqual(missingColumns(sites, { examid: 1, Tooth: '3', Site: 'B', ProbingDepth: 2, Bleeding: null }), ['GingivalMargin', 'Suppuration', 'Plaque']);
});
