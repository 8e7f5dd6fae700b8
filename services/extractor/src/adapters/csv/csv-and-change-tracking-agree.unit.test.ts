import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { REFERENCE_TABLES, tableForEntity } from '@panda2zoho/panda-model';
import { InMemoryCheckpointStore } from '../change-tracking/checkpoint-store.ts';
import { ChangeTrackingPoller } from '../change-tracking/change-tracking-poller.ts';
import { loadRecording, RecordedChangeTrackingSource } from '../change-tracking/recorded-change-tracking-source.ts';
import { readCsvExport } from './csv-change-reader.ts';

const recording = fileURLToPath(new URL('../../../test-fixtures/change-tracking/two-tables-three-passes.json', import.meta.url));

test('the same stored row read by Change Tracking and from a CSV export gives the same canonical fields', async () => {
  const patients = tableForEntity(REFERENCE_TABLES, 'patient');
  const poller = new ChangeTrackingPoller({ source: new RecordedChangeTrackingSource(loadRecording(recording)), checkpoints: new InMemoryCheckpointStore(), locationId: 'L', tables: [patients] });
  const [batch] = await (async () => {
    const out = [];
    for await (const b of poller.poll()) out.push(b);
    return out;
  })();
  const fromCt = batch?.items[0];

  // Ana as SSMS exports her: ISO date, `yyyy-MM-dd HH:mm:ss.fff` stamps, empty for NULL.
  const values: Record<string, string> = {
    PatientID: '1001', ChartNumber: 'C-1001', FirstName: 'Ana', LastName: 'Núñez', BirthDate: '1961-04-02', Sex: 'F', Email: 'ana@example.test',
    CellPhone: '(555) 010-2000', City: 'Springfield', State: 'IL', Zip: '62701', SSN: '000-00-0001', Status: 'Active', ProviderID: '3',
    CreatedAt: '2019-03-05 14:30:00.123', ModifiedAt: '2024-07-01 09:00:00.000',
  };
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const csv = `${patients.columns.map((c) => c.column).join(',')}\n${patients.columns.map((c) => quote(values[c.column] ?? '')).join(',')}\n`;
  const folder = mkdtempSync(path.join(tmpdir(), 'p2z-agree-'));
  try {
    mkdirSync(path.join(folder, 'L'));
    writeFileSync(path.join(folder, 'L', 'Patients.csv'), csv);
    let fromCsv;
    for await (const item of readCsvExport({ folder, tables: REFERENCE_TABLES })) if (item.kind === 'change') fromCsv = item;
    assert.ok(fromCt?.kind === 'change' && fromCsv?.kind === 'change');
    assert.deepEqual(fromCsv.change.fields, fromCt.change.fields);
    assert.equal(fromCsv.change.sourceKey, fromCt.change.sourceKey);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
