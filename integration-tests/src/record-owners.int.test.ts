import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { confirmReferenceMapping, type OwnerMapSection } from '@panda2zoho/mapping';
import { SEEDED_USERS } from '@panda2zoho/zoho-emulator';
import { eventually } from './harness/test-stack.ts';
import { patientEvent, patientParent, recordEvent } from './harness/writer-events.ts';
import { WriterHarness } from './harness/writer-harness.ts';

const [paula, harry, olive] = SEEDED_USERS.map((u) => ({ id: u.id, name: `${u.first_name} ${u.last_name}`, email: u.email }));
const ownerId = (r: Record<string, unknown> | undefined) => (r?.['Owner'] as { id?: string } | undefined)?.id;
const provider = (id: string) => ({ role: 'provider', entity: 'provider', recordKey: `L1:provider:${id}` });

/** Provider 1 → Paula, 2 → Harry, 3 listed without a user; 9 not listed at all; default Olive. */
const OWNERS: OwnerMapSection = {
  default: olive!,
  providers: [
    { provider: 'L1:provider:1', name: 'Paula Perio', user: paula!, match: 'email', confidence: 0.98, reason: 'same e-mail address' },
    { provider: 'L1:provider:2', name: 'Harry Hygienist', user: harry!, match: 'name', confidence: 0.8, reason: 'same first and last name' },
    { provider: 'L1:provider:3', name: 'Nora Nouser', user: null, match: 'none', confidence: 0, reason: 'no active user' },
  ],
};

describe('zoho-writer: record owners from the confirmed owner map, against the emulator', () => {
  const h = new WriterHarness({ P2Z_MAPPING_GATE: 'on' });
  before(async () => {
    await h.start();
    await confirmReferenceMapping({ kafka: h.kafka, serde: h.serde, namespace: h.namespace, actor: { name: 'owners-test', via: 'cli' }, owners: OWNERS });
    await h.startWriter();
  });
  after(() => h.stop());

  test('every record carries its provider’s user; an unmapped provider falls back to the default owner and is reported', async () => {
    const { topics } = h;
    await h.produce(topics.recordResolved('referring_practice'), 'RecordNormalized', [recordEvent('referring_practice', 'L1', '1', { name: 'Smile Referrals' })]);
    await h.produce(topics.patientResolved, 'PatientResolved', [
      patientEvent('ck-1', [{ locationId: 'L1', sourceKey: '1' }], { primaryProviderKey: 'L1:provider:1' }),
      patientEvent('ck-2', [{ locationId: 'L1', sourceKey: '2' }], { primaryProviderKey: 'L1:provider:3' }),
      patientEvent('ck-3', [{ locationId: 'L1', sourceKey: '3' }], {}),
    ]);
    const p1 = patientParent('L1', '1');
    await h.produce(topics.recordNormalized('perio_chart'), 'RecordNormalized', [recordEvent('perio_chart', 'L1', '30', { examDate: '2024-02-03' }, [p1, provider('2')])]);
    await h.produce(topics.recordNormalized('treatment_plan'), 'RecordNormalized', [recordEvent('treatment_plan', 'L1', '40', { title: 'Phase I', status: 'Accepted', presentedDate: '2024-02-10' }, [p1, provider('9')])]);
    await h.produce(topics.recordNormalized('clinical_note'), 'RecordNormalized', [recordEvent('clinical_note', 'L1', '50', { noteDate: '2024-02-03', title: 'Visit', body: 'S: fine' }, [p1, provider('1')])]);
    await h.produce(topics.recordNormalized('clinical_flag'), 'RecordNormalized', [recordEvent('clinical_flag', 'L1', '60', { flagType: 'Medical', flagText: 'Premedicate', status: 'Active' }, [p1])]);

    await eventually('every record in Zoho', async () => h.records('Contacts').length === 3 && h.records('PANDA_Charting').length === 1 && h.records('Deals').length === 1 && h.records('Notes').length === 1 && h.records('Tasks').length === 1);

    const contact = (key: string) => h.records('Contacts').find((c) => c['PANDA_Patient_Key'] === key);
    assert.equal(ownerId(contact('ck-1')), paula!.id, 'the primary provider’s user');
    assert.equal(ownerId(contact('ck-2')), olive!.id, 'a listed provider without a user: the default owner');
    assert.equal(ownerId(contact('ck-3')), olive!.id, 'no provider: the default owner');
    assert.equal(ownerId(h.records('PANDA_Charting')[0]), harry!.id);
    assert.equal(ownerId(h.records('Deals')[0]), olive!.id, 'a provider missing from the map: the default owner');
    assert.equal(ownerId(h.records('Notes')[0]), paula!.id);
    assert.equal(ownerId(h.records('Tasks')[0]), olive!.id);
    assert.equal(ownerId(h.records('Accounts').find((a) => a['PANDA_Account_Key'] === 'L1:referring_practice:1')), olive!.id);

    const issues = (await h.issues(2)).filter((i) => i.rule === 'OWNER_PROVIDER_UNMAPPED');
    assert.deepEqual(
      issues.map((i) => [i.recordKey, i.before, i.after, i.producer]).sort(),
      [
        ['L1:treatment_plan:40', 'L1:provider:9', olive!.id, 'zoho-writer'],
        ['ck-2', 'L1:provider:3', olive!.id, 'zoho-writer'],
      ],
    );
    const ledger = await h.ledger(14);
    const sent = ledger.find((e) => e.phase === 'INTENT' && e.recordKey === 'ck-1')!;
    assert.equal(sent.sentFields?.['Owner'], JSON.stringify(paula!.id), 'the ledger holds the owner sent');
  });
});
