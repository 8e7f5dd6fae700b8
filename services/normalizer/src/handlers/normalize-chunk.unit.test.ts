import assert from 'node:assert/strict';
import { test } from 'node:test';
import { topicNames, type EventSerde, type RecordNormalized, type SourceRecordChanged } from '@panda2zoho/events';
import type { InboundMessage, OutboundRecord } from '@panda2zoho/kafka';
import type { AssemblyStore } from '../adapters/assembly-store.ts';
import { sourceEvent, testContext } from '../domain/normalize-context.test-support.ts';
import { normalizeChunk } from './normalize-chunk.ts';

// The serde is replaced by JSON here: this tests what the handler puts in the events, not Avro (the
// normalizer's integration test runs the real registry).
const serde = {
  encode: async (_topic: string, _name: string, value: unknown) => Buffer.from(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))),
  decode: async (_name: string, value: Buffer) => JSON.parse(value.toString()) as SourceRecordChanged,
} as unknown as EventSerde;
const topics = topicNames('unit');

function message(event: SourceRecordChanged, offset: number): InboundMessage {
  return { topic: topics.sourceChanged(event.entity), partition: 0, offset: String(offset), key: null, value: Buffer.from(JSON.stringify(event)), headers: {}, timestamp: '0' };
}

function records(outcomes: Awaited<ReturnType<ReturnType<typeof normalizeChunk>>>): Array<{ topic: string; event: RecordNormalized }> {
  return outcomes.flatMap((o) => (o.kind === 'emit' ? o.records : [])).map((r: OutboundRecord) => ({ topic: r.topic, event: JSON.parse(String(r.value)) as RecordNormalized }));
}

test('every RecordNormalized carries the confirmed mapping version current when it was produced (overflow notes too); none → null', async () => {
  let confirmed: string | null = 'sha256:aaa';
  const deps = { serde, topics, changelogTopic: 'unit.normalizer.assembly.v1', ctx: testContext, store: {} as AssemblyStore, onIssue: () => undefined, onPmsBridge: () => undefined };
  const handler = normalizeChunk({ ...deps, mappingVersion: () => confirmed });
  const flag = sourceEvent('clinical_flag', '8', { flagId: 8, patientId: 17, flagType: 'Medical', flagText: 'x'.repeat(40_000), status: 'Active' });
  const first = records(await handler([message(flag, 0)])).filter((r) => r.topic.startsWith('unit.normalized.'));
  assert.deepEqual(first.map((r) => r.event.entity).sort(), ['clinical_flag', 'overflow_note']);
  assert.ok(first.every((r) => r.event.mappingVersion === 'sha256:aaa'));

  confirmed = 'sha256:bbb';
  const [second] = records(await handler([message(sourceEvent('clinical_flag', '9', { flagId: 9, patientId: 17, flagText: 'short' }), 1)]));
  assert.equal(second!.event.mappingVersion, 'sha256:bbb', 'a later confirmation is stamped without a restart');

  confirmed = null;
  const [unconfirmed] = records(await handler([message(sourceEvent('clinical_flag', '10', { flagId: 10, patientId: 17, flagText: 'short' }), 2)]));
  assert.equal(unconfirmed!.event.mappingVersion, null);
  const [gateOff] = records(await normalizeChunk(deps)([message(sourceEvent('clinical_flag', '11', { flagId: 11, patientId: 17, flagText: 'short' }), 3)]));
  assert.equal(gateOff!.event.mappingVersion, null);
});
