import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PatientNormalized, PatientResolved } from '@panda2zoho/events';
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
});
