import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ZohoCompensationPlanned } from '@panda2zoho/events';
import type { ZohoGateway } from '../adapters/zoho-gateway.ts';
import type { ProvisionedTarget } from '../domain/provisioning-ledger.ts';
import { deleteProvisionedField, fieldDeletionFacts } from './field-deletion.ts';
import { statusOf } from './rollback-report.ts';

test('Zoho\'s answer to a field delete: deleted, already gone (counts as done), or refused with Zoho\'s code and the field\'s name', () => {
  const cases: Array<[{ status: 'success' | 'error'; code: string }, string, string | null]> = [
    [{ status: 'success', code: 'SUCCESS' }, 'deleted', null],
    [{ status: 'error', code: 'INVALID_DATA' }, 'alreadyGone', 'ALREADY_GONE'],
    [{ status: 'error', code: 'INVALID_MODULE' }, 'alreadyGone', 'ALREADY_GONE'],
    [{ status: 'error', code: 'NOT_ALLOWED' }, 'failed', 'NOT_ALLOWED'],
    [{ status: 'error', code: 'NO_PERMISSION' }, 'failed', 'NO_PERMISSION'],
  ];
  for (const [answer, status, code] of cases) {
    const facts = fieldDeletionFacts(answer, 'f1', 'PANDA_Sex');
    assert.deepEqual([statusOf({ result: facts.result, errorCode: facts.errorCode } as never), facts.errorCode, facts.zohoId], [status, code, 'f1'], answer.code);
    assert.equal(facts.errorField, status === 'failed' ? 'PANDA_Sex' : null);
  }
});

function gateway(fields: Map<string, string>) {
  const calls: string[] = [];
  const g = {
    provisionedId: (t: ProvisionedTarget) => (calls.push(`lookup ${t.module}.${t.kind === 'field' ? t.apiName : ''}`), Promise.resolve(t.kind === 'field' ? (fields.get(t.apiName) ?? null) : null)),
    deleteField: (module: string, id: string) => {
      calls.push(`delete ${module} ${id}`);
      const known = [...fields.values()].includes(id);
      for (const [name, fid] of fields) if (fid === id) fields.delete(name);
      return Promise.resolve(known ? { status: 'success' as const, code: 'SUCCESS' } : { status: 'error' as const, code: 'INVALID_DATA' });
    },
  };
  return { g: g as unknown as ZohoGateway, calls };
}

const compensation = (zohoId: string | null) => ({ action: 'DELETE_FIELD', module: 'Contacts', zohoId, externalIdField: 'api_name', externalId: 'PANDA_Sex' }) as ZohoCompensationPlanned;

test('by id; a redelivery finds it gone; a crashed provisioning\'s field is looked up by api name, and none found is already gone', async () => {
  const { g, calls } = gateway(new Map([['PANDA_Sex', 'f1'], ['PANDA_Status', 'f2']]));
  assert.deepEqual(await deleteProvisionedField(g, compensation('f1')), { result: 'DELETED', zohoId: 'f1', errorCode: null, errorField: null });
  assert.equal((await deleteProvisionedField(g, compensation('f1'))).errorCode, 'ALREADY_GONE', 'idempotent on redelivery');
  assert.deepEqual(calls, ['delete Contacts f1', 'delete Contacts f1']);

  const byName = gateway(new Map([['PANDA_Sex', 'f7']]));
  assert.deepEqual(await deleteProvisionedField(byName.g, compensation(null)), { result: 'DELETED', zohoId: 'f7', errorCode: null, errorField: null });
  assert.deepEqual(await deleteProvisionedField(byName.g, compensation(null)), { result: 'DELETED', zohoId: null, errorCode: 'ALREADY_GONE', errorField: null });
  assert.deepEqual(byName.calls, ['lookup Contacts.PANDA_Sex', 'delete Contacts f7', 'lookup Contacts.PANDA_Sex']);
});
