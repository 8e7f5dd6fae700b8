import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMetricsText, summarizeProgress } from './pipeline-progress.ts';

const scrape = `# HELP p2z_records_in_total records handed to the handler
# TYPE p2z_records_in_total counter
p2z_records_in_total{topic="p2z.source.patient.v1",entity="patient",service="normalizer"} 50
p2z_records_out_total{topic="p2z.source.patient.v1",entity="patient",outcome="ok",service="normalizer"} 47
p2z_records_out_total{topic="p2z.source.patient.v1",entity="patient",outcome="dead-lettered",service="normalizer"} 2
p2z_records_out_total{topic="p2z.source.patient.v1",entity="patient",outcome="skipped",service="normalizer"} 1
kafka_consumergroup_lag{consumergroup="p2z.normalizer",topic="p2z.source.patient.v1",partition="0",service="normalizer"} 3
kafka_consumergroup_lag{consumergroup="p2z.normalizer",topic="p2z.source.patient.v1",partition="1",service="normalizer"} 4
p2z_handle_duration_seconds_bucket{le="0.1",stage="normalizer",service="normalizer"} 12
weird line without value
`;

test('progress per service and entity, and lag per consumer group, from Prometheus text', () => {
  const progress = summarizeProgress(parseMetricsText(scrape));
  assert.deepEqual(progress.entities, [{ service: 'normalizer', entity: 'patient', in: 50, ok: 47, skipped: 1, deadLettered: 2 }]);
  assert.deepEqual(progress.lag, [{ service: 'normalizer', consumergroup: 'p2z.normalizer', lag: 7 }]);
});

test('escaped label values are read back', () => {
  const [sample] = parseMetricsText('x{a="q\\"uote",b="back\\\\slash"} 1');
  assert.deepEqual(sample?.labels, { a: 'q"uote', b: 'back\\slash' });
});
