import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generatePractice, practiceTruth, type PracticeSpec } from '@panda2zoho/synthetic-practice';
import { clusterPatients } from './cluster-patients.ts';
import type { PatientRecord } from './match-candidates.ts';
// The normalizer's treatment of these fields, as the service tests use it (services share no code).
import { email, nullIfBlank, phoneE164 } from '../test-support/generated-patients.ts';

/**
 * End-to-end accuracy against the generator's ground truth: a 3-location practice with planted
 * duplicates (exact, nickname, transposed letters) and the rest of the dirt (messy case, placeholder
 * and century-typo birth dates, missing family names, over-long names, free-form phones, invalid e-mail).
 */
const SPECS: PracticeSpec[] = [20260101, 7, 424242].map((seed) => ({ locations: 3, patients: 200, seed, entities: ['patient'] }));

function generatedPatients(spec: PracticeSpec): PatientRecord[] {
  const records: PatientRecord[] = [];
  for (const row of generatePractice(spec)) {
    if (row.table.entity !== 'patient' || row.after === null) continue;
    const p = row.after;
    records.push({
      locationId: row.database,
      sourceKey: String(p['patientId']),
      firstName: nullIfBlank(p['firstName']),
      lastName: nullIfBlank(p['lastName']),
      dateOfBirth: nullIfBlank(p['dateOfBirth']),
      phones: [p['mobilePhone'], p['homePhone'], p['workPhone']].map(phoneE164).filter((v): v is string => v !== null),
      email: email(p['email']),
    });
  }
  return records;
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function samePersonPairs(groups: Iterable<readonly string[]>): Set<string> {
  const pairs = new Set<string>();
  for (const members of groups) for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) pairs.add(pairKey(members[i]!, members[j]!));
  return pairs;
}

function truthPairs(spec: PracticeSpec): Set<string> {
  const byPerson = new Map<string, string[]>();
  for (const t of practiceTruth(spec)) byPerson.set(t.personId, [...(byPerson.get(t.personId) ?? []), `${t.database}#${t.patientId}`]);
  return samePersonPairs(byPerson.values());
}

for (const spec of SPECS) {
  test(`pairwise precision ≥ 0.99 and recall ≥ 0.95 on a 3-location practice (seed ${spec.seed})`, () => {
    const records = generatedPatients(spec);
    assert.equal(records.length, 600);
    const { clusters, reviews } = clusterPatients(records, { secret: 'test-secret' });
    const found = samePersonPairs(clusters.map((c) => c.members.map((m) => `${m.locationId}#${m.sourceKey}`)));
    const truth = truthPairs(spec);
    const truePositives = [...found].filter((p) => truth.has(p)).length;
    const precision = found.size === 0 ? 1 : truePositives / found.size;
    const recall = truth.size === 0 ? 1 : truePositives / truth.size;
    const reviewed = reviews.filter((r) => truth.has(pairKey(`${r.a.locationId}#${r.a.sourceKey}`, `${r.b.locationId}#${r.b.sourceKey}`))).length;
    // Review pairs are not merged, so they do not count towards recall; they are what a person would still see.
    console.log(
      `seed ${spec.seed}: true pairs ${truth.size}, merged ${found.size}, precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}; ` +
        `review pairs ${reviews.length} (${reviewed} true)`,
    );
    assert.ok(truth.size >= 20, 'the practice has planted duplicates');
    assert.ok(precision >= 0.99, `precision ${precision}`);
    assert.ok(recall >= 0.95, `recall ${recall}`);
  });
}

test('shuffled generated patients give identical clusters and keys', () => {
  const records = generatedPatients(SPECS[0]!);
  const expected = clusterPatients(records, { secret: 'test-secret' });
  // A fixed permutation (no Math.random: the test must be repeatable).
  const shuffled = records.map((r, i) => ({ r, k: (i * 7919) % records.length })).sort((x, y) => x.k - y.k).map(({ r }) => r);
  assert.deepEqual(clusterPatients(shuffled, { secret: 'test-secret' }), expected);
  assert.deepEqual(clusterPatients([...records].reverse(), { secret: 'test-secret' }), expected);
});
