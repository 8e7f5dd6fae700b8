import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DebeziumProducer, generatePractice, type PracticeRow, type PracticeSpec, type StoredRow } from '@panda2zoho/synthetic-practice';
import { fetchReconciliation, reconciliationJson } from 'panda2zoho';
import { contacts } from './harness/zoho-contacts.ts';
import { eventually } from './harness/test-stack.ts';
import { startTestPipeline, type TestPipeline } from './harness/test-pipeline.ts';

// The continuous delta window (issue #6): after the initial load the pipeline keeps running, and a
// change, an insert and a delete made at the source reach Zoho while it runs; the reconciler (the data
// `panda2zoho reconcile --json` prints) then shows every entity matching. Small: one location, two
// patients with every child entity, no dirt (nothing for the deduper to merge, no issues to explain).
const spec: PracticeSpec = { locations: 1, patients: 2, seed: 20261126, dirt: [] };
const DB = 'PANDA_LOC01';
const NEW_PATIENT = 9_001;
const NEW_NOTE = 9_001;

interface Reconciled {
  match: boolean;
  entities: Record<string, { source: number; written: number; zoho: number; match: boolean }>;
}

const rowsOf = (rows: PracticeRow[], entity: string) => rows.filter((r) => r.table.entity === entity);
const records = (p: TestPipeline, module: string) => p.emulator.exportState().modules[module]?.records ?? [];

describe('delta window: a change, an insert and a delete at the source reach Zoho while the pipeline runs; reconcile matches', { timeout: 600_000 }, () => {
  let p: TestPipeline;
  let source: DebeziumProducer;
  let initial: Reconciled | undefined;
  const snapshot = [...generatePractice(spec)];

  async function reconciled(): Promise<Reconciled> {
    return reconciliationJson(await fetchReconciliation(p.urlOf('reconciler'))) as unknown as Reconciled;
  }

  /** Polls the reconciler until every entity matches and `also` holds; the last report in the failure message. */
  async function untilMatching(what: string, also: () => boolean, timeoutMs: number, complete: (r: Reconciled) => boolean = () => true): Promise<Reconciled> {
    let last: Reconciled | undefined;
    try {
      return await eventually(what, async () => {
        last = await reconciled();
        return last.match && Object.keys(last.entities).length > 0 && complete(last) && also() ? last : undefined;
      }, timeoutMs);
    } catch (error) {
      throw new Error(`${String(error)}\nlast reconciliation: ${JSON.stringify(last?.entities)}\n${p.logs()}`, { cause: error });
    }
  }

  before(async () => {
    p = await startTestPipeline({ databases: [DB], logLevel: 'warn' });
    source = new DebeziumProducer(p.kafka, p.serde, p.prefix);
    await source.start([DB]);
  });
  after(async () => {
    await source?.stop();
    await p?.stop();
  });

  test('initial load: every entity of a generated practice reaches Zoho and reconciles', async () => {
    const sent = await source.publish(snapshot);
    assert.equal(sent, snapshot.length);
    // All source rows counted (an empty pipeline "matches" too), and every entity matching.
    const sourceEntity = (entity: string) => (entity === 'perio_chart' ? 'perio_exam' : entity);
    const report = await untilMatching('the initial load reconciled', () => true, 360_000, (r) =>
      Object.entries(r.entities).every(([entity, row]) => row.source === rowsOf(snapshot, sourceEntity(entity)).length),
    );
    initial = report;
    for (const entity of ['patient', 'referring_practice', 'referring_dentist', 'perio_chart', 'treatment_plan', 'clinical_note', 'clinical_flag', 'motivation_report']) {
      assert.ok((report.entities[entity]?.written ?? 0) > 0, `${entity} written: ${JSON.stringify(report.entities[entity])}`);
    }
  });

  test('while it runs: a patient changed, a patient with a clinical note inserted, a clinical flag deleted — all in Zoho, reconcile matches', async () => {
    assert.ok(initial, 'the initial load reconciled');
    const [first] = rowsOf(snapshot, 'patient');
    const changed = first!.after!;
    const note = rowsOf(snapshot, 'clinical_note')[0]!.after!;
    const flag = rowsOf(snapshot, 'clinical_flag').find((r) => r.after!['patientId'] !== changed['patientId']) ?? rowsOf(snapshot, 'clinical_flag')[0]!;
    const flagKey = (r: Record<string, unknown>) => String(r['PANDA_Task_Key'] ?? '').endsWith(`:clinical_flag:${String(flag.after!['flagId'])}`);
    assert.equal(records(p, 'Tasks').filter(flagKey).length, 1, 'the flag to delete was migrated');

    const now = new Date().toISOString().slice(0, 23);
    const update: StoredRow = { ...changed, city: 'Shelbyville', postalCode: '62565', modifiedAt: now };
    const inserted: StoredRow = {
      ...changed, patientId: NEW_PATIENT, chartNumber: 'DW-9001', firstName: 'Delta', lastName: 'Window', preferredName: null, dateOfBirth: '1990-05-17',
      email: 'delta.window@example.org', homePhone: null, mobilePhone: '(217) 555-0142', ssn: null, guarantorName: 'Delta Window', createdAt: now, modifiedAt: now,
    };
    const newNote: StoredRow = { ...note, noteId: NEW_NOTE, patientId: NEW_PATIENT, subjective: 'New patient, first visit.', assessment: 'Baseline.' };
    const tables = (entity: string) => snapshot.find((r) => r.table.entity === entity)!.table;
    await source.publish([
      { database: DB, table: tables('patient'), op: 'u', before: changed, after: update },
      { database: DB, table: tables('patient'), op: 'c', before: null, after: inserted },
      { database: DB, table: tables('clinical_note'), op: 'c', before: null, after: newNote },
      { database: DB, table: flag.table, op: 'd', before: flag.after, after: null },
    ]);

    const chart = (c: Record<string, unknown>, number: unknown) => c['PANDA_Chart_Number'] === number;
    const visible = () => {
      const updated = contacts(p.emulator).find((c) => chart(c, changed['chartNumber']));
      const added = contacts(p.emulator).find((c) => chart(c, 'DW-9001'));
      const addedNote = added && records(p, 'Notes').some((n) => (n['Parent_Id'] as { id?: string } | undefined)?.id === added['id']);
      return updated?.['Mailing_City'] === 'Shelbyville' && Boolean(addedNote) && records(p, 'Tasks').filter(flagKey).length === 0;
    };
    const counted = (r: Reconciled) =>
      r.entities['patient']!.source === initial!.entities['patient']!.source + 1 &&
      r.entities['clinical_note']!.source === initial!.entities['clinical_note']!.source + 1 &&
      r.entities['clinical_flag']!.source === initial!.entities['clinical_flag']!.source - 1;
    const report = await untilMatching('the change, the insert and the delete in Zoho and reconciled', visible, 180_000, counted);

    const added = contacts(p.emulator).find((c) => chart(c, 'DW-9001'))!;
    assert.deepEqual([added['First_Name'], added['Last_Name'], added['Email']], ['Delta', 'Window', 'delta.window@example.org']);
    assert.equal(contacts(p.emulator).find((c) => chart(c, changed['chartNumber']))!['Mailing_Zip'], '62565');
    for (const [entity, row] of Object.entries(report.entities)) assert.equal(row.match, true, `${entity}: ${JSON.stringify(row)}`);
    assert.equal(report.entities['patient']!.zoho, initial.entities['patient']!.zoho + 1);
    assert.equal(report.entities['clinical_note']!.zoho, initial.entities['clinical_note']!.zoho + 1);
    assert.equal(report.entities['clinical_flag']!.zoho, initial.entities['clinical_flag']!.zoho - 1);
  });
});
