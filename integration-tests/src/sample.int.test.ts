import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_DIRT, type PracticeSpec } from '@panda2zoho/synthetic-practice';
import { ZohoAuth, ZohoClient } from '@panda2zoho/zoho';
import { DEFAULT_CLIENT } from '@panda2zoho/zoho-emulator';
import type { SampleScope } from '@panda2zoho/panda-model';
import { generatedPracticeRows, ProgressRenderer, publishPracticeToKafka, readConfirmedMapping, reviewSample, runRollback, scopeFromRows, type SampleDiff } from 'panda2zoho';
import { startTestPipeline, type TestPipeline } from './harness/test-pipeline.ts';

const TOKEN = 'sample-test-operator-token';
const SPEC: PracticeSpec = { locations: 2, patients: 6, seed: 7, dirt: DEMO_DIRT };

describe('sample: 3 of 12 patients with their children, written under their own run, diffed field by field, rolled back', () => {
  let p: TestPipeline;
  let scope: SampleScope;
  let diff: SampleDiff;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'p2z-sample-'));
    scope = scopeFromRows(generatedPracticeRows(SPEC, (db) => db), 3, Date.now());
    const file = path.join(dir, 'scope.json');
    writeFileSync(file, JSON.stringify(scope));
    p = await startTestPipeline({ env: { extractor: { EXTRACTOR_SAMPLE_FILE: file }, 'zoho-writer': { P2Z_RUN_ID: scope.sampleId, P2Z_OPERATOR_TOKEN: TOKEN } } });
    await publishPracticeToKafka(SPEC, { brokers: p.settings.brokers, registryUrl: p.settings.registryUrl, prefix: p.prefix });
  });
  after(async () => {
    await p?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every record of the sample is written, read back and diffed', async () => {
    const admin = p.kafka.admin();
    await admin.connect();
    const mapping = await readConfirmedMapping(p.kafka, admin, p.serde, p.namespace).finally(() => admin.disconnect());
    assert.ok(mapping, 'the harness confirmed the reference mapping');
    const zoho = new ZohoClient({ auth: new ZohoAuth({ accountsUrl: p.emulator.url, ...DEFAULT_CLIENT }) });
    const lines: string[] = [];
    const progress = new ProgressRenderer({ isTTY: false, write: (t: string) => lines.push(t) }, { json: false, plainEveryMs: 0 });
    diff = await reviewSample(scope, mapping.doc, { kafka: p.kafka, serde: p.serde, namespace: p.namespace, zoho, now: Date.now, progress }, 180_000);
    for (const e of diff.entities) assert.equal(e.written, e.expected, `${e.entity}: ${JSON.stringify(e)}\n${p.logs()}`);
    assert.ok(lines.some((l) => /patient\s+\d+\/\d+/.test(l) && /credits/.test(l)), lines.join(''));
    assert.deepEqual(diff.entities.map((e) => e.entity).sort(), [...new Set(scope.records.map((r) => r.entity))].sort());
  });

  test('only the sample reached Zoho: its charts, plans and patients, nothing of the other patients', () => {
    const state = p.emulator.exportState();
    const count = (m: string) => state.modules[m]?.records.length ?? 0;
    const expected = (entity: string) => scope.records.filter((r) => r.entity === entity).length;
    assert.equal(count('PANDA_Charting'), expected('perio_exam'));
    assert.equal(count('Deals'), expected('treatment_plan'));
    assert.equal(count('Tasks'), expected('clinical_flag'));
    const patients = (state.modules['Contacts']?.records ?? []).filter((c) => c['PANDA_Record_Type'] === 'Patient');
    assert.ok(patients.length >= 1 && patients.length <= scope.patients.length, `${patients.length} patient Contacts`);
  });

  test('the diff: source value → Zoho value per field; Zoho holds what was sent; the pipeline\'s changes are told apart', () => {
    assert.ok(diff.matches > 0);
    const differs = diff.fields.filter((f) => f.status === 'differs' || f.status === 'missing');
    assert.deepEqual(differs, [], 'Zoho holds every value the writer sent');
    const firstName = diff.fields.find((f) => f.entity === 'patient' && f.zohoField === 'Contacts.First_Name');
    assert.ok(firstName && firstName.sourceValue !== null && firstName.zohoValue !== null && ['same', 'changed'].includes(firstName.status), JSON.stringify(firstName));
    assert.ok(diff.fields.some((f) => f.entity === 'perio_exam' && f.zohoField?.startsWith('PANDA_Charting.')));
    // Patient values are in the diff (the operator's review), never in the services' logs.
    const names = diff.fields.filter((f) => f.zohoField === 'Contacts.Last_Name' && f.zohoValue).map((f) => f.zohoValue!);
    assert.ok(names.length > 0);
    for (const name of names) assert.ok(!p.logs().includes(name), 'a patient name in the services\' output');
  });

  test('the full migration\'s extractor group has not consumed anything: it will still read every row', async () => {
    const admin = p.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchOffsets({ groupId: `${p.namespace}.extractor` });
      assert.ok(offsets.every((t) => t.partitions.every((x) => x.offset === '-1')), JSON.stringify(offsets));
      const sample = await admin.fetchOffsets({ groupId: `${p.namespace}.extractor.${scope.sampleId}` });
      assert.ok(sample.some((t) => t.partitions.some((x) => Number(x.offset) > 0)));
    } finally {
      await admin.disconnect();
    }
  });

  test('rolling back the sample\'s run removes it from Zoho', async () => {
    const { report } = await runRollback(
      { runId: scope.sampleId, locationId: null, sinceMs: null, includeProvisioning: false, force: false, dryRun: false, operator: 'dr.ops', operatorToken: TOKEN, stepTimeoutMs: 60_000 },
      { kafka: p.kafka, serde: p.serde, namespace: p.namespace, now: Date.now, progress: () => undefined },
    );
    assert.equal(report.complete, true, JSON.stringify(report.problems));
    const state = p.emulator.exportState();
    for (const m of ['PANDA_Charting', 'Deals', 'Tasks', 'Notes']) assert.equal(state.modules[m]?.records.length ?? 0, 0, m);
    assert.equal((state.modules['Contacts']?.records ?? []).filter((c) => c['PANDA_Record_Type'] === 'Patient').length, 0);
  });
});
