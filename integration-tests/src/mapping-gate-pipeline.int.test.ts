import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { confirmReferenceMapping } from '@panda2zoho/mapping';
import type { PandaPatientRow } from '@panda2zoho/synthetic-practice';
import { contacts } from './harness/zoho-contacts.ts';
import { eventually } from './harness/test-stack.ts';
import { readTopic } from './harness/read-topics.ts';
import { startTestPipeline, type TestPipeline } from './harness/test-pipeline.ts';

const PATIENT: PandaPatientRow = {
  PatientID: 501, ChartNumber: 'GATE-501', FirstName: 'Ada', MiddleName: null, LastName: 'Gatekeeper', PreferredName: null,
  BirthDate: 3_000, Sex: 'F', Email: null, HomePhone: null, CellPhone: null, WorkPhone: null, Address1: null, Address2: null,
  City: null, State: null, Zip: null, Country: 'US', Status: 'Active', CreatedAt: Date.UTC(2020, 0, 1), ModifiedAt: Date.UTC(2020, 0, 2),
};

describe('the confirmation gate: no record reaches Zoho before a person confirms the field map', { timeout: 300_000 }, () => {
  let p: TestPipeline;
  before(async () => {
    p = await startTestPipeline({ confirmMapping: false });
  });
  after(async () => {
    await p?.stop();
  });

  test('a migration attempted before `map confirm` writes nothing and says why; after the confirmation the waiting record lands', async () => {
    await p.debezium.send([{ database: 'PANDA_LOC01', op: 'c', before: null, after: PATIENT }]);
    // The record went all the way to the writer's input…
    const resolved = await readTopic(p.kafka, `${p.namespace}.resolved.patient.v1`, 1, 5_000);
    assert.equal(resolved.length, 1);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    // …and stopped there: nothing in Zoho, the writer is alive but not ready, and it says why.
    assert.equal(contacts(p.emulator).length, 0, 'nothing written before the confirmation');
    const writer = p.urlOf('zoho-writer');
    assert.equal((await fetch(`${writer}/healthz`)).ok, true);
    assert.equal((await fetch(`${writer}/readyz`)).ok, false);
    assert.match(await (await fetch(`${writer}/metrics`)).text(), /^p2z_mapping_confirmed(\{[^}]*\})? 0$/m);
    assert.match(p.logs(), /nothing is written to Zoho until a field map is confirmed/);
    assert.equal(p.emulator.exportState().writes.length, 0, 'not one write call');

    await confirmReferenceMapping({ kafka: p.kafka, serde: p.serde, namespace: p.namespace, actor: { name: 'gate test', via: 'cli' } });
    await eventually(`the waiting Contact after the confirmation\n${p.logs()}`, async () => contacts(p.emulator).some((c) => c['PANDA_Chart_Number'] === 'GATE-501'));
    assert.match(await (await fetch(`${writer}/metrics`)).text(), /^p2z_mapping_confirmed(\{[^}]*\})? 1$/m);
  });
});
