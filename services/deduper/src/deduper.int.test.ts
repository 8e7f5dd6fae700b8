import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PatientNormalized, PatientResolved, RecordNormalized } from '@panda2zoho/events';
import type { PracticeSpec } from '@panda2zoho/synthetic-practice';
import { DeduperHarness } from './test-support/deduper-harness.ts';
import { generatedPatientEvents, samePersonPairs, truthPairs } from './test-support/generated-patients.ts';

// The real deduper against the real Kafka and registry, on a generated 3-location practice with planted duplicates.
const SPEC: PracticeSpec = { locations: 3, patients: 200, seed: 20260101, entities: ['patient'] };

const keyed = (events: PatientNormalized[]) => events.map((event) => ({ key: `${event.source.locationId}:${event.source.sourceKey}`, event }));

/** The last golden record per contact key, deleted ones dropped: what Zoho ends up with. */
function finalContacts(events: PatientResolved[]): PatientResolved[] {
  const last = new Map<string, PatientResolved>();
  for (const e of events) last.set(e.contactKey, e);
  return [...last.values()].filter((e) => e.operation === 'UPSERT');
}

describe('deduper service on a generated 3-location practice', { timeout: 240_000 }, () => {
  let first: DeduperHarness;
  let replay: DeduperHarness;
  const events = generatedPatientEvents(SPEC);

  before(async () => {
    first = await DeduperHarness.create('ddp');
    replay = await DeduperHarness.create('ddr');
  });
  after(async () => {
    await first?.cleanup();
    await replay?.cleanup();
  });

  test('precision ≥ 0.99 and recall ≥ 0.95 against the generator ground truth', async () => {
    assert.equal(events.length, 600);
    await first.produce(first.topics.patientNormalized, 'PatientNormalized', keyed(events));
    // Bad input among the good: dead-lettered by the live consumer, never silently dropped.
    await first.produceRaw(first.topics.patientNormalized, 'PANDA_LOC01:garbage', Buffer.from('not avro'));
    await first.start();
    const contacts = finalContacts(await first.decodeAll(first.topics.patientResolved, 'PatientResolved'));
    assert.equal(contacts.reduce((n, c) => n + c.members.length, 0), 600, 'every source patient is in exactly one contact');
    const found = samePersonPairs(contacts.map((c) => c.members.map((m) => m.recordKey)));
    const truth = truthPairs(SPEC);
    const truePositives = [...found].filter((p) => truth.has(p)).length;
    const precision = found.size === 0 ? 1 : truePositives / found.size;
    const recall = truth.size === 0 ? 1 : truePositives / truth.size;
    const decisions = await first.decodeAll(first.topics.dedupeDecisions, 'DedupeDecisionRecorded');
    console.log(
      `deduper service, seed ${SPEC.seed}: ${contacts.length} contacts from 600 records; true pairs ${truth.size}, merged pairs ${found.size}, ` +
        `precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}; decisions: ${decisions.filter((d) => d.kind === 'MERGE').length} MERGE, ` +
        `${decisions.filter((d) => d.kind === 'REVIEW_PENDING').length} REVIEW_PENDING`,
    );
    assert.ok(truth.size >= 20, 'the practice has planted duplicates');
    let dead: Array<{ key: string }> = [];
    for (let i = 0; i < 60 && dead.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      dead = await first.read(first.topics.deadLetter('deduper'));
    }
    assert.deepEqual(dead.map((d) => d.key), ['PANDA_LOC01:garbage']);
    assert.ok(precision >= 0.99, `precision ${precision}`);
    assert.ok(recall >= 0.95, `recall ${recall}`);
  });

  test('a restart rebuilds its state from Kafka and emits nothing new', async () => {
    const before = (await first.read(first.topics.patientResolved)).length;
    const decisionsBefore = (await first.read(first.topics.dedupeDecisions)).length;
    await first.stop();
    await first.start();
    assert.equal((await first.read(first.topics.patientResolved)).length, before);
    assert.equal((await first.read(first.topics.dedupeDecisions)).length, decisionsBefore);
  });

  test('replaying the same input, in another order, yields byte-identical resolved events and decisions', async () => {
    // Reversed within every partition: arrival order must not matter.
    await replay.produce(replay.topics.patientNormalized, 'PatientNormalized', keyed([...events].reverse()));
    await replay.start();
    for (const [a, b] of [
      [first.topics.patientResolved, replay.topics.patientResolved],
      [first.topics.dedupeDecisions, replay.topics.dedupeDecisions],
    ] as const) {
      const original = await first.read(a);
      const replayed = await replay.read(b);
      assert.ok(original.length > 0);
      assert.equal(replayed.length, original.length);
      replayed.forEach((r, i) => {
        assert.equal(r.key, original[i]!.key);
        assert.ok(r.value.equals(original[i]!.value), `record ${i} of ${b} differs`);
      });
    }
  });

  test('live: a deleted member leaves its cluster and the golden record is re-emitted without it', async () => {
    const contacts = finalContacts(await first.decodeAll(first.topics.patientResolved, 'PatientResolved'));
    const merged = contacts.find((c) => c.members.length === 2)!;
    const gone = merged.members[1]!;
    const deletion = events.find((e) => e.source.locationId === gone.locationId && e.source.sourceKey === gone.sourceKey)!;
    await first.produce(first.topics.patientNormalized, 'PatientNormalized', keyed([{ ...deletion, eventId: `${deletion.eventId}-del`, operation: 'DELETE', patient: null }]));
    const expected = merged.members[0]!.recordKey;
    let latest: PatientResolved | undefined;
    for (let i = 0; i < 120 && latest?.members.length !== 1; i++) {
      await new Promise((r) => setTimeout(r, 500));
      latest = (await first.decodeAll(first.topics.patientResolved, 'PatientResolved')).filter((e) => e.contactKey === merged.contactKey).at(-1);
    }
    assert.deepEqual(latest?.members.map((m) => m.recordKey), [expected]);
    assert.equal(latest?.operation, 'UPSERT');
  });

  test('live: referring practices of two locations become one golden Account, their dentist one Contact under it', async () => {
    const record = (entity: string, locationId: string, sourceKey: string, fields: Record<string, string>, practice?: string): { key: string; event: RecordNormalized } => ({
      key: `${locationId}:${entity}:${sourceKey}`,
      event: {
        eventId: `${locationId}-${entity}-${sourceKey}`, entity, recordKey: `${locationId}:${entity}:${sourceKey}`,
        source: { sourceSystem: 'DEBEZIUM_CDC', locationId, sourceTable: entity, sourceKey, sourcePosition: '1', sourceCommittedAtMs: null },
        operation: 'UPSERT', mappingVersion: null, parents: practice ? [{ role: 'practice', entity: 'referring_practice', recordKey: practice }] : [],
        fields, mergedFrom: [], issues: [],
      },
    });
    await first.produce(first.topics.recordNormalized('referring_practice'), 'RecordNormalized', [
      record('referring_practice', 'PANDA_LOC01', '1', { name: 'Harbor Periodontics, PC', phoneE164: '+16175550100' }),
      record('referring_practice', 'PANDA_LOC02', '9', { name: 'harbor periodontics', phoneE164: '+16175550100' }),
    ]);
    await first.produce(first.topics.recordNormalized('referring_dentist'), 'RecordNormalized', [
      record('referring_dentist', 'PANDA_LOC01', '3', { firstName: 'Ann', lastName: 'Park' }, 'PANDA_LOC01:referring_practice:1'),
      record('referring_dentist', 'PANDA_LOC02', '4', { firstName: 'Ann', lastName: 'Park' }, 'PANDA_LOC02:referring_practice:9'),
    ]);
    const last = async (entity: string) => {
      const byKey = new Map<string, RecordNormalized>();
      for (const e of await first.decodeAll(first.topics.recordResolved(entity), 'RecordNormalized')) byKey.set(e.recordKey, e);
      return [...byKey.values()].filter((e) => e.operation === 'UPSERT');
    };
    let practices: RecordNormalized[] = [];
    let dentists: RecordNormalized[] = [];
    for (let i = 0; i < 120 && !(practices.length === 1 && practices[0]!.mergedFrom.length === 2 && dentists.length === 1 && dentists[0]!.mergedFrom.length === 2); i++) {
      await new Promise((r) => setTimeout(r, 500));
      practices = await last('referring_practice');
      dentists = await last('referring_dentist');
    }
    assert.deepEqual(practices.map((p) => p.mergedFrom), [['PANDA_LOC01:referring_practice:1', 'PANDA_LOC02:referring_practice:9']]);
    assert.deepEqual(dentists.map((d) => [d.mergedFrom, d.parents[0]?.recordKey]), [[['PANDA_LOC01:referring_dentist:3', 'PANDA_LOC02:referring_dentist:4'], practices[0]!.recordKey]]);
  });
});
