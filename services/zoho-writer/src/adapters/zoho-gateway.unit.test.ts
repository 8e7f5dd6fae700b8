import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermanentError, TransientError } from '@panda2zoho/kafka';
import type { ZohoClient } from '@panda2zoho/zoho';
import { ZohoGateway } from './zoho-gateway.ts';

function gatewayFailingWith(error: Error): ZohoGateway {
  const client = { request: () => Promise.reject(error) } as unknown as ZohoClient;
  return new ZohoGateway(client);
}

test('a failed Contacts search never carries the searched value (PHI) in its error', async () => {
  const path = 'GET /crm/v8/Contacts/search?email=ann%40example.test: no response';
  const rejected = await gatewayFailingWith(new TransientError('ZOHO_UNREACHABLE', path)).search('Contacts', 'email', 'ann@example.test').catch((e: unknown) => e);
  assert.ok(rejected instanceof TransientError);
  assert.equal(rejected.code, 'ZOHO_UNREACHABLE');
  assert.doesNotMatch(rejected.message, /ann|example/);
});

test('a search Zoho refuses finds nothing instead of failing the chunk', async () => {
  assert.deepEqual(await gatewayFailingWith(new PermanentError('ZOHO_INVALID_QUERY', 'GET …?phone=+1555')).search('Contacts', 'phone', '+1555'), []);
});
