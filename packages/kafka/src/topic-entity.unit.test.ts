import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entityOfTopic } from './topic-entity.ts';

test('the entity label comes from the topic naming scheme, never from a record', () => {
  const cases: Array<[string, string]> = [
    ['p2z.source.patient.v1', 'patient'],
    ['it123.normalized.patient.v1', 'patient'],
    ['p2z.source.perio_site.v2', 'perio_site'],
    ['p2z.resolved.patient.v1', 'patient'],
    ['p2z.zoho.ledger.v1', 'ledger'],
    ['p2z.dlq.zoho-writer.v1', 'dead-letter'],
    ['p2z.reconciliation.v1', 'reconciliation'],
    ['panda.PANDA_LOC01.dbo.Patients', 'patient'],
    ['pd1.PANDA_LOC02.dbo.PerioExams', 'perioexam'],
    ['something-else', 'other'],
    ['a.b.C D.v1', 'other'],
  ];
  for (const [topic, entity] of cases) assert.equal(entityOfTopic(topic), entity, topic);
});
