import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSampleScope, inSample, parseSampleScope, pickSamplePatients, scopeSets, type ScopeRow } from './sample-scope.ts';

test('N patients spread over the locations, lowest keys first, numerically', () => {
  assert.deepEqual(pickSamplePatients(['B:1', 'A:10', 'A:2', 'A:1', 'B:3'], 3), ['A:1', 'B:1', 'A:2']);
  assert.deepEqual(pickSamplePatients(['A:1'], 5), ['A:1']);
});

const rows: ScopeRow[] = [
  { locationId: 'L1', entity: 'patient', sourceKey: '1', fields: { patientId: 1 } },
  { locationId: 'L1', entity: 'patient', sourceKey: '2', fields: { patientId: 2 } },
  { locationId: 'L2', entity: 'patient', sourceKey: '1', fields: { patientId: 1 } },
  { locationId: 'L1', entity: 'perio_exam', sourceKey: '10', fields: { patientId: 1 } },
  { locationId: 'L1', entity: 'perio_exam', sourceKey: '20', fields: { patientId: 2 } },
  { locationId: 'L1', entity: 'treatment_plan', sourceKey: '5', fields: { patientId: 1 } },
  { locationId: 'L1', entity: 'clinical_note', sourceKey: '7', fields: { patientId: 1 } },
  { locationId: 'L2', entity: 'clinical_flag', sourceKey: '8', fields: { patientId: 1 } },
];

test('the scope: the chosen patients, their exams and plans, and every root record expected in Zoho', () => {
  const scope = buildSampleScope(() => rows, 2, 'sample-x');
  assert.deepEqual(scope.patients, ['L1:1', 'L2:1']);
  assert.deepEqual(scope.exams, ['L1:10']);
  assert.deepEqual(scope.plans, ['L1:5']);
  assert.deepEqual(scope.records.map((r) => r.key), ['L1:patient:1', 'L2:patient:1', 'L1:perio_exam:10', 'L1:treatment_plan:5', 'L1:clinical_note:7', 'L2:clinical_flag:8']);
  assert.deepEqual(parseSampleScope(JSON.parse(JSON.stringify(scope))), scope);
  assert.throws(() => parseSampleScope({ sampleId: 'x y', patients: [], exams: [], plans: [], records: [] }), /sample scope/);
});

test('what passes the extractor: the patients, their rows by patient id, sites and teeth by exam, procedures by plan; nothing else', () => {
  const sets = scopeSets(buildSampleScope(() => rows, 2, 'sample-x'));
  const cases: Array<[ScopeRow, boolean]> = [
    [{ locationId: 'L1', entity: 'patient', sourceKey: '1', fields: null }, true],
    [{ locationId: 'L1', entity: 'patient', sourceKey: '2', fields: {} }, false],
    [{ locationId: 'L2', entity: 'clinical_note', sourceKey: '9', fields: { patientId: 1 } }, true],
    [{ locationId: 'L1', entity: 'clinical_note', sourceKey: '9', fields: { patientId: 2 } }, false],
    [{ locationId: 'L1', entity: 'perio_site', sourceKey: '10|3|MB', fields: { examId: 10 } }, true],
    [{ locationId: 'L1', entity: 'perio_tooth', sourceKey: '10|3', fields: null }, true],
    [{ locationId: 'L1', entity: 'perio_site', sourceKey: '20|3|MB', fields: { examId: 20 } }, false],
    [{ locationId: 'L1', entity: 'treatment_procedure', sourceKey: '99', fields: { planId: 5 } }, true],
    [{ locationId: 'L2', entity: 'treatment_procedure', sourceKey: '99', fields: { planId: 5 } }, false],
    [{ locationId: 'L1', entity: 'perio_exam', sourceKey: '10', fields: { patientId: 1 } }, true],
    [{ locationId: 'L1', entity: 'provider', sourceKey: '1', fields: {} }, false],
    [{ locationId: 'L1', entity: 'referring_dentist', sourceKey: '1', fields: {} }, false],
    [{ locationId: 'L1', entity: 'pms_bridge', sourceKey: '1', fields: { patientId: 1 } }, false],
  ];
  for (const [row, expected] of cases) assert.equal(inSample(sets, row), expected, `${row.locationId}:${row.entity}:${row.sourceKey}`);
});
