import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecordNormalized } from '@panda2zoho/events';
import { goldenReferrerKey, practiceNameKey, ReferrerResolution } from './referrer-resolution.ts';

const ctx = { secret: 'test-secret-0123456789', locationPriority: ['LOC02'] };

function referrer(entity: 'referring_practice' | 'referring_dentist', locationId: string, sourceKey: string, fields: Record<string, string | null>, practice?: string, operation: 'UPSERT' | 'DELETE' = 'UPSERT'): RecordNormalized {
  return {
    eventId: `${locationId}-${entity}-${sourceKey}`, entity, recordKey: `${locationId}:${entity}:${sourceKey}`,
    source: { sourceSystem: 'DEBEZIUM_CDC', locationId, sourceTable: entity, sourceKey, sourcePosition: '1', sourceCommittedAtMs: null },
    operation, mappingVersion: null,
    parents: practice ? [{ role: 'practice', entity: 'referring_practice', recordKey: practice }] : [],
    fields: operation === 'DELETE' ? null : fields, mergedFrom: [], issues: [],
  };
}

const practiceA = referrer('referring_practice', 'LOC01', '1', { name: 'Smith Dental Group, PLLC', phoneE164: '+16175550100', postalCode: '02118', sourceModifiedAt: '2024-01-01T00:00:00Z' });
const practiceB = referrer('referring_practice', 'LOC02', '4', { name: 'smith dental group', phoneE164: '+16175550100', postalCode: null, email: 'front@smithdental.example', sourceModifiedAt: '2024-05-01T00:00:00Z' });
// Same name, nothing else shared: another practice of that name (another town).
const practiceC = referrer('referring_practice', 'LOC03', '2', { name: 'Smith Dental Group', phoneE164: '+13125550199', postalCode: '60601' });
const dentistA = referrer('referring_dentist', 'LOC01', '7', { firstName: 'Robert', lastName: 'Chen', email: null }, 'LOC01:referring_practice:1');
const dentistB = referrer('referring_dentist', 'LOC02', '3', { firstName: 'Bob', lastName: 'Chen', email: null }, 'LOC02:referring_practice:4');
const dentistC = referrer('referring_dentist', 'LOC03', '5', { firstName: 'Robert', lastName: 'Chen', email: null }, 'LOC03:referring_practice:2');

const settle = (events: RecordNormalized[]) => {
  const r = new ReferrerResolution(ctx);
  for (const e of events) r.apply(e.entity as 'referring_practice', e);
  return { r, outs: r.settle() };
};

test('practice names compare without legal form and punctuation', () => {
  assert.equal(practiceNameKey('Smith Dental Group, PLLC'), practiceNameKey('smith  dental group'));
  assert.equal(practiceNameKey('Brown & Lee DDS'), practiceNameKey('Brown and Lee'));
  assert.notEqual(practiceNameKey('Smith Dental'), practiceNameKey('Smith Orthodontics'));
});

test('one Account per real practice; one Contact per dentist, linked to the golden practice', () => {
  const { outs } = settle([dentistC, dentistB, practiceC, practiceB, dentistA, practiceA]);
  const practices = outs.filter((o) => o.entity === 'referring_practice').map((o) => o.event);
  const dentists = outs.filter((o) => o.entity === 'referring_dentist').map((o) => o.event);
  assert.deepEqual(practices.map((p) => p.mergedFrom).sort(), [['LOC01:referring_practice:1', 'LOC02:referring_practice:4'], ['LOC03:referring_practice:2']]);
  const smith = practices.find((p) => p.mergedFrom.length === 2)!;
  assert.equal(smith.recordKey, goldenReferrerKey('referring_practice', 'LOC01:referring_practice:1', ctx.secret));
  // Most recent non-empty: B's name spelling, A's postal code (B has none), B's e-mail.
  assert.equal(smith.fields?.['name'], 'smith dental group');
  assert.equal(smith.fields?.['postalCode'], '02118');
  assert.equal(smith.fields?.['email'], 'front@smithdental.example');
  // Robert and Bob Chen share the golden practice: one dentist; the Chicago Robert Chen is another.
  assert.deepEqual(dentists.map((d) => d.mergedFrom).sort(), [['LOC01:referring_dentist:7', 'LOC02:referring_dentist:3'], ['LOC03:referring_dentist:5']]);
  const chen = dentists.find((d) => d.mergedFrom.length === 2)!;
  assert.deepEqual(chen.parents, [{ role: 'practice', entity: 'referring_practice', recordKey: smith.recordKey }]);
});

test('order-independent, idempotent, and a deleted practice leaves its Account', () => {
  const forward = settle([practiceA, practiceB, practiceC, dentistA, dentistB, dentistC]);
  const backward = settle([dentistC, dentistB, dentistA, practiceC, practiceB, practiceA]);
  assert.deepEqual(backward.outs, forward.outs);
  assert.deepEqual(forward.r.settle(), []);
  forward.r.apply('referring_practice', referrer('referring_practice', 'LOC02', '4', {}, undefined, 'DELETE'));
  const after = forward.r.settle();
  const smith = after.find((o) => o.entity === 'referring_practice')!.event;
  assert.deepEqual(smith.mergedFrom, ['LOC01:referring_practice:1']);
  // Bob Chen's practice is gone from the golden practice: the dentists split, Bob keeps his (source) practice key.
  const dentists = after.filter((o) => o.entity === 'referring_dentist').map((o) => o.event);
  assert.ok(dentists.some((d) => d.parents[0]?.recordKey === 'LOC02:referring_practice:4'));
});
