import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPermanent, isTransient } from '@panda2zoho/kafka';
import { classifyMssqlError } from './classify-mssql-error.ts';

const driverError = (fields: Record<string, unknown>) => Object.assign(new Error("Conversion failed when converting the nvarchar value 'Ana' to data type int."), fields);

test('connection loss and deadlocks are transient; missing tables, permissions and settings are permanent', () => {
  const cases: Array<[Record<string, unknown>, 'transient' | 'permanent', string]> = [
    [{ name: 'ConnectionError', code: 'ESOCKET' }, 'transient', 'SQL_SERVER_UNAVAILABLE'],
    [{ name: 'RequestError', code: 'ETIMEOUT' }, 'transient', 'SQL_SERVER_UNAVAILABLE'],
    [{ name: 'RequestError', code: 'EREQUEST', number: 1205 }, 'transient', 'SQL_SERVER_UNAVAILABLE'],
    [{ name: 'RequestError', code: 'EREQUEST', number: 208 }, 'permanent', 'TABLE_NOT_FOUND'],
    [{ name: 'RequestError', code: 'EREQUEST', number: 229 }, 'permanent', 'PERMISSION_DENIED'],
    [{ name: 'RequestError', code: 'EREQUEST', originalError: { number: 3952 } }, 'permanent', 'SNAPSHOT_ISOLATION_OFF'],
    [{ name: 'ConnectionError', code: 'ELOGIN', number: 18456 }, 'permanent', 'LOGIN_FAILED'],
    [{ name: 'RequestError', code: 'EREQUEST', number: 245 }, 'permanent', 'SQL_ERROR'],
  ];
  for (const [fields, kind, code] of cases) {
    const classified = classifyMssqlError(driverError(fields), 'reading dbo.Patients');
    assert.ok(kind === 'transient' ? isTransient(classified) : isPermanent(classified), `${JSON.stringify(fields)} → ${kind}`);
    assert.equal((classified as { code: string }).code, code);
    assert.ok(!(classified as Error).message.includes('Ana'), 'SQL Server’s text (which can quote values) is never kept');
  }
});

test('anything that is not a driver error is a bug and passes through', () => {
  const bug = new TypeError('x is undefined');
  assert.equal(classifyMssqlError(bug, 'reading'), bug);
});
