import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DedupeDecisionRecorded, NormalizedPatient, PatientNormalized } from '@panda2zoho/events';
import { generatedPatientEvents } from '../test-support/generated-patients.ts';
import { clusterKeyOf, clusterPatients } from './cluster-patients.ts';
import { operatorDecisionId, signDecision } from './operator-decisions.ts';
import { toPatientRecord } from './patient-index.ts';
import { PatientResolution, type ResolutionOutput } from './patient-resolution.ts';

const ctx = { secret: 'test-secret-0123456789', locationPriority: ['LOC02'] };

function patient(locationId: string, sourceKey: string, p: Partial<NormalizedPatient> = {}, operation: 'UPSERT' | 'DELETE' = 'UPSERT'): PatientNormalized {
  const base: NormalizedPatient = {
    patientId: sourceKey, chartNumber: null, firstName: 'Margaret', middleName: null, lastName: "O'Brien", preferredName: null,
    dateOfBirth: '1950-07-14', sex: null, email: null, homePhoneE164: null, mobilePhoneE164: null, workPhoneE164: null,
    addressLine1: null, addressLine2: null, city: null, state: null, postalCode: null, country: null, status: null,
    sourceCreatedAt: null, sourceModifiedAt: '2024-01-01T00:00:00.000-05:00', homePhoneDisplay: null, mobilePhoneDisplay: null, workPhoneDisplay: null, primaryProviderKey: null,
  };
  return {
    eventId: `${locationId}-${sourceKey}-${JSON.stringify(p)}-${operation}`,
    source: { sourceSystem: 'DEBEZIUM_CDC', locationId, sourceTable: 'Patients', sourceKey, sourcePosition: '1', sourceCommittedAtMs: null },
    operation,
    patient: operation === 'DELETE' ? null : { ...base, ...p },
    issues: [],
    insuranceCarrier: null,
    guarantor: null,
    ssnToken: null,
  };
}

function operator(kind: DedupeDecisionRecorded['kind'], recordKeys: string[], pairId: string | null, token = 'operator-token-0123456789'): DedupeDecisionRecorded {
  const decision: DedupeDecisionRecorded = {
    decisionId: operatorDecisionId(kind, pairId ?? recordKeys.join(','), 'dr.who', 1000), kind, entity: 'patient', pairId, recordKeys,
    contactKey: null, score: null, reasons: [], decidedBy: 'OPERATOR', operator: 'dr.who', decidedAtMs: 1000, signature: null,
  };
  return { ...decision, signature: signDecision(decision, token) };
}

function run(resolution: PatientResolution, events: PatientNormalized[]): ResolutionOutput[] {
  return resolution.settle(events.map((e) => resolution.applyPatient(e)));
}

const resolvedOf = (outs: ResolutionOutput[]) => outs.flatMap((o) => (o.kind === 'resolved' ? [o.event] : []));
const decisionsOf = (outs: ResolutionOutput[]) => outs.flatMap((o) => (o.kind === 'decision' ? [o.event] : []));
const keyOf = (loc: string, key: string) => clusterKeyOf({ locationId: loc, sourceKey: key }, ctx);

const a = patient('LOC01', '10', { email: 'mob@example.com', mobilePhoneE164: '+15555550100', sourceModifiedAt: '2024-03-01T00:00:00.000-05:00' });
const b = patient('LOC02', '7', { firstName: 'PEGGY', lastName: 'obrien', mobilePhoneE164: '+15555550199', city: 'Boston' });
// Unknown birth date and family name, the same e-mail: a review pair, not a match.
const c = patient('LOC03', '9', { dateOfBirth: '9999-12-31', lastName: null, email: 'mob@example.com' });

test('a nickname duplicate merges into one golden record keyed by the anchor, with survivorship explained', () => {
  const outs = run(new PatientResolution(ctx), [b, a]);
  const [golden] = resolvedOf(outs);
  assert.equal(resolvedOf(outs).length, 1);
  assert.equal(golden!.contactKey, keyOf('LOC01', '10'));
  assert.deepEqual(golden!.members.map((m) => m.recordKey), ['LOC01:patient:10', 'LOC02:patient:7']);
  assert.equal(golden!.matchRule, 'fuzzy-match');
  // a was modified later: its mobile phone wins; only b has a city.
  assert.equal(golden!.patient?.mobilePhoneE164, '+15555550100');
  assert.equal(golden!.patient?.city, 'Boston');
  assert.deepEqual(golden!.survivorship.find((s) => s.field === 'mobilePhoneE164'), { field: 'mobilePhoneE164', recordKey: 'LOC01:patient:10', rule: 'most-recent-non-empty' });
  assert.deepEqual(golden!.survivorship.find((s) => s.field === 'city'), { field: 'city', recordKey: 'LOC02:patient:7', rule: 'only-value' });
  const [merge] = decisionsOf(outs);
  assert.equal(merge?.kind, 'MERGE');
  assert.deepEqual(merge?.recordKeys, ['LOC01:patient:10', 'LOC02:patient:7']);
  assert.ok(merge!.reasons.includes('first-name-nickname'));
  assert.ok(!JSON.stringify(merge).includes('Margaret') && !JSON.stringify(merge).includes('mob@'), 'no PHI in a decision');
});

test('the insurance carrier and the phone display forms survive with the golden record, explained like every field', () => {
  const older = { ...patient('LOC01', '20', { mobilePhoneE164: '+13125550183', mobilePhoneDisplay: '(312) 555-0183', sourceModifiedAt: '2024-01-01T00:00:00.000-05:00' }), insuranceCarrier: 'Delta Dental' };
  const newer = { ...patient('LOC02', '21', { mobilePhoneE164: '+13125550199', mobilePhoneDisplay: '(312) 555-0199', sourceModifiedAt: '2024-05-01T00:00:00.000-05:00' }), insuranceCarrier: 'Cigna' };
  const onlyOld = { ...newer, eventId: 'no-carrier', insuranceCarrier: null };
  for (const [members, carrier, from] of [[[older, newer], 'Cigna', 'LOC02:patient:21'], [[newer, older], 'Cigna', 'LOC02:patient:21'], [[older, onlyOld], 'Delta Dental', 'LOC01:patient:20']] as const) {
    const [golden] = resolvedOf(run(new PatientResolution(ctx), [...members]));
    assert.equal(golden!.insuranceCarrier, carrier);
    assert.equal(golden!.survivorship.find((s) => s.field === 'insuranceCarrier')?.recordKey, from);
    // A display form comes from the member its E.164 value came from.
    assert.equal(golden!.patient?.mobilePhoneE164, '+13125550199');
    assert.equal(golden!.patient?.mobilePhoneDisplay, '(312) 555-0199');
  }
  const [single] = resolvedOf(run(new PatientResolution(ctx), [{ ...older, insuranceCarrier: null }]));
  assert.equal(single!.insuranceCarrier, null);
  assert.equal(single!.survivorship.some((s) => s.field === 'insuranceCarrier'), false);
});

test('the guarantor survives as one value: the newer member\'s name never meets the older member\'s relation', () => {
  const older = { ...patient('LOC01', '30', { sourceModifiedAt: '2024-01-01T00:00:00.000-05:00' }), guarantor: { name: 'Ann Lee', relation: 'Parent' } };
  const newer = { ...patient('LOC02', '31', { sourceModifiedAt: '2024-05-01T00:00:00.000-05:00' }), guarantor: { name: 'Bob Lee', relation: null } };
  const none = { ...newer, eventId: 'no-guarantor', guarantor: null };
  for (const [members, guarantor, from] of [
    [[older, newer], { name: 'Bob Lee', relation: null }, 'LOC02:patient:31'],
    [[newer, older], { name: 'Bob Lee', relation: null }, 'LOC02:patient:31'],
    [[older, none], { name: 'Ann Lee', relation: 'Parent' }, 'LOC01:patient:30'],
  ] as const) {
    const [golden] = resolvedOf(run(new PatientResolution(ctx), [...members]));
    assert.equal(golden!.members.length, 2);
    assert.deepEqual(golden!.guarantor, guarantor);
    assert.equal(golden!.survivorship.find((s) => s.field === 'guarantor')?.recordKey, from);
  }
  const [single] = resolvedOf(run(new PatientResolution(ctx), [none]));
  assert.equal(single!.guarantor, null);
  assert.equal(single!.survivorship.some((s) => s.field === 'guarantor'), false);
});

test('arrival order changes neither keys nor the final golden records; re-applying emits nothing', () => {
  const forward = new PatientResolution(ctx);
  run(forward, [a, b, c]);
  const backward = new PatientResolution(ctx);
  const outs = [...run(backward, [c]), ...run(backward, [b]), ...run(backward, [a])];
  // The early singletons of b and c were emitted under their own keys; b's key was retired by a DELETE.
  const last = new Map(resolvedOf(outs).map((e) => [e.contactKey, e]));
  assert.equal(last.get(keyOf('LOC02', '7'))?.operation, 'DELETE');
  assert.deepEqual(last.get(keyOf('LOC01', '10'))?.members.map((m) => m.recordKey), ['LOC01:patient:10', 'LOC02:patient:7']);
  assert.deepEqual(run(forward, [a, b, c]), []);
});

test('a review pair is not merged, is pending, and an accepted review merges it; unmerge splits it out again', () => {
  const resolution = new PatientResolution(ctx);
  const outs = run(resolution, [a, c]);
  assert.equal(resolvedOf(outs).length, 2);
  const pending = decisionsOf(outs).find((d) => d.kind === 'REVIEW_PENDING');
  assert.ok(pending, 'review pending');
  assert.deepEqual(pending.recordKeys, ['LOC01:patient:10', 'LOC03:patient:9']);
  assert.ok(pending.score! >= 0.6 && pending.score! < 0.8);

  const accepted = resolution.settle(resolution.applyDecision(operator('REVIEW_ACCEPTED', pending.recordKeys, pending.pairId)));
  const merged = resolvedOf(accepted).find((e) => e.contactKey === keyOf('LOC01', '10'));
  assert.deepEqual(merged?.members.map((m) => m.recordKey), ['LOC01:patient:10', 'LOC03:patient:9']);
  assert.equal(merged?.matchRule, 'operator-accepted');
  assert.equal(resolvedOf(accepted).find((e) => e.contactKey === keyOf('LOC03', '9'))?.operation, 'DELETE');

  const split = resolution.settle(resolution.applyDecision(operator('UNMERGE', ['LOC03:patient:9'], null)));
  assert.deepEqual(resolvedOf(split).map((e) => [e.contactKey, e.members.map((m) => m.recordKey)]).sort(), [
    [keyOf('LOC01', '10'), ['LOC01:patient:10']],
    [keyOf('LOC03', '9'), ['LOC03:patient:9']],
  ].sort());
  // Stays split when the record changes again.
  const again = run(resolution, [patient('LOC03', '9', { dateOfBirth: '9999-12-31', lastName: null, email: 'mob@example.com', city: 'Salem' })]);
  assert.deepEqual(resolvedOf(again).map((e) => e.members.length), [1]);
});

test('a rejected review stays apart and is no longer pending', () => {
  const resolution = new PatientResolution(ctx);
  const pending = decisionsOf(run(resolution, [a, c])).find((d) => d.kind === 'REVIEW_PENDING')!;
  const outs = resolution.settle(resolution.applyDecision(operator('REVIEW_REJECTED', pending.recordKeys, pending.pairId)));
  assert.deepEqual(outs, []);
  assert.deepEqual(run(resolution, [patient('LOC03', '9', { dateOfBirth: '9999-12-31', lastName: null, email: 'mob@example.com', city: 'Salem' })]).filter((o) => o.kind === 'decision'), []);
});

test('a deleted member leaves its cluster; an emptied cluster is deleted', () => {
  const resolution = new PatientResolution(ctx);
  run(resolution, [a, b]);
  const afterDelete = resolvedOf(run(resolution, [patient('LOC01', '10', {}, 'DELETE')]));
  assert.deepEqual(afterDelete.map((e) => [e.contactKey, e.operation, e.members.length]).sort(), [
    [keyOf('LOC01', '10'), 'DELETE', 0],
    [keyOf('LOC02', '7'), 'UPSERT', 1],
  ].sort());
  const emptied = resolvedOf(run(resolution, [patient('LOC02', '7', {}, 'DELETE')]));
  assert.deepEqual(emptied.map((e) => [e.contactKey, e.operation]), [[keyOf('LOC02', '7'), 'DELETE']]);
});

test('a rebuild from what was emitted re-emits nothing; decisions are remembered', () => {
  const first = new PatientResolution(ctx);
  const outs = run(first, [a, b, c]);
  const rebuilt = new PatientResolution(ctx);
  for (const o of outs) if (o.kind === 'resolved') rebuilt.restoreResolved(o.event);
  rebuilt.finishRestore();
  for (const o of outs) if (o.kind === 'decision') rebuilt.applyDecision(o.event);
  for (const e of [a, b, c]) rebuilt.applyPatient(e);
  assert.deepEqual(rebuilt.settle(rebuilt.everything()), []);
});

test('on generated practices the service state clusters exactly as clusterPatients, with the same keys', () => {
  for (const seed of [20260101, 7, 424242]) {
    const events = generatedPatientEvents({ locations: 3, patients: 200, seed, entities: ['patient'] });
    const resolution = new PatientResolution(ctx);
    // One at a time, as a live stream would deliver them.
    const outs = events.flatMap((e) => run(resolution, [e]));
    const last = new Map(resolvedOf(outs).map((e) => [e.contactKey, e]));
    const live = [...last.values()].filter((e) => e.operation === 'UPSERT').map((e) => [e.contactKey, e.members.map((m) => `${m.locationId}/${m.sourceKey}`)]);
    const expected = clusterPatients(events.map(toPatientRecord), ctx).clusters.map((c) => [c.clusterKey, c.members.map((m) => `${m.locationId}/${m.sourceKey}`)]);
    assert.deepEqual(live.sort(), expected.sort(), `seed ${seed}`);
  }
});
