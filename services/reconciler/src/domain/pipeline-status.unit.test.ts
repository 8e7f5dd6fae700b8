import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PatientResolved } from '@panda2zoho/events';
import { toLedgerEntry } from './ledger-entry.ts';
import { pipelineStatus } from './pipeline-status.ts';
import { ReconciliationModel } from './reconciliation-model.ts';

test('status per entity: extracted, normalized, resolved, written, failed (dead letters + failed writes), lag of its topics', () => {
  const m = new ReconciliationModel();
  for (const key of ['1', '2', '3']) m.onSourceChanged('patient', 'A', key, 'UPSERT');
  m.onNormalized('patient', 'A:patient:1', 'A', 'UPSERT');
  m.onNormalized('patient', 'A:patient:2', 'A', 'UPSERT');
  m.onPatientResolved({ source: { locationId: 'A', sourceKey: '1' }, operation: 'UPSERT', contactKey: 'c1', members: [] } as unknown as PatientResolved);
  const outcome = (externalId: string, result: string, locationId: string) => toLedgerEntry({ phase: 'OUTCOME', module: 'Contacts', externalIdField: 'PANDA_Patient_Key', externalId, zohoId: null, result, locationId })!;
  m.onLedger(outcome('c1', 'INSERTED', 'A'));
  m.onLedger(outcome('c9', 'FAILED', 'B'));
  m.onDeadLetter('normalizer', 'patient');
  m.onDeadLetter('extractor', 'perio_chart');
  const status = pipelineStatus(m, [
    { stage: 'deduper', groupId: 'g', topic: 'p2z.normalized.patient.v1', entity: 'patient', lag: 2 },
    { stage: 'normalizer', groupId: 'g', topic: 'p2z.source.patient.v1', entity: 'patient', lag: 1 },
    { stage: 'normalizer', groupId: 'g', topic: 'p2z.source.provider.v1', entity: null, lag: 7 },
  ]);
  const { locations, ...patient } = status.find((s) => s.entity === 'patient')!;
  assert.deepEqual(patient, { entity: 'patient', module: 'Contacts', extracted: 3, normalized: 2, resolved: 1, written: 1, failed: 2, lag: 3 });
  assert.deepEqual(locations, [
    { locationId: 'A', extracted: 3, normalized: 2, resolved: 1, written: 1, failed: 0 },
    { locationId: 'B', extracted: 0, normalized: 0, resolved: 0, written: 0, failed: 1 },
  ]);
  assert.equal(status.find((s) => s.entity === 'perio_chart')?.failed, 1);
  assert.equal(status.length, 9);
});
