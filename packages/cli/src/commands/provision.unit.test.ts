import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kafka } from 'kafkajs';
import type { EventSerde } from '@panda2zoho/events';
import type { ZohoClient } from '@panda2zoho/zoho';
import { CliError, EXIT } from '../exit-codes.ts';
import { runProvision } from './provision.ts';

/** A Zoho client that fails the test if provisioning calls it. */
const untouchedZoho = new Proxy({}, { get: (_t, name) => () => assert.fail(`Zoho was called (${String(name)})`) }) as unknown as ZohoClient;
const unreachableKafka = { admin: () => ({ connect: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')), disconnect: () => Promise.resolve() }) } as unknown as Kafka;
const deps = { zoho: untouchedZoho, kafka: unreachableKafka, serde: {} as EventSerde, namespace: 'p2z', now: () => 1 };

test('provision refuses to change Zoho when it cannot record in the ledger (exit 3), and names the ledger topic', async () => {
  await assert.rejects(runProvision({ runId: 'initial', dryRun: false, cdtCodes: 'picklist' }, deps), (error: unknown) => {
    assert.ok(error instanceof CliError);
    assert.equal(error.exitCode, EXIT.PRECONDITION);
    assert.match(error.message, /p2z\.zoho\.ledger\.v1.*ECONNREFUSED.*Nothing was changed in Zoho/);
    return true;
  });
});

test('--run must be a run id the writer accepts', async () => {
  await assert.rejects(runProvision({ runId: 'no spaces', dryRun: false, cdtCodes: 'picklist' }, deps), (error: unknown) => error instanceof CliError && error.exitCode === EXIT.USAGE);
});
