import type { EventSerde, TopicNames } from '@panda2zoho/events';
import { deadLetter, emit, skip, type InboundMessage, type Outcome } from '@panda2zoho/kafka';
import type { CanonicalChange } from '../domain/canonical-change.ts';
import { debeziumChange, type DebeziumContext } from '../domain/debezium-change.ts';
import { sourceRecordKey, toSourceRecordChanged } from '../domain/source-record-event.ts';

/** A Debezium change → SourceRecordChanged on its entity's topic. Undecodable or invalid records are dead-lettered. */
export function debeziumHandler(deps: { serde: EventSerde; topics: TopicNames; ctx: DebeziumContext; now: () => number; accept?: (change: CanonicalChange) => boolean }) {
  return async (message: InboundMessage): Promise<Outcome> => {
    // Debezium follows a delete with a tombstone (null value) for log compaction: nothing to extract.
    if (message.value === null || message.value.length === 0) return skip('tombstone');
    const result = debeziumChange(await deps.serde.decodeAny(message.value), deps.ctx);
    if (result.kind === 'unreadable') return deadLetter(result.code, result.reason);
    if (deps.accept && !deps.accept(result.change)) return skip('outside the sample');
    const topic = deps.topics.sourceChanged(result.change.entity);
    const event = toSourceRecordChanged(result.change, deps.now());
    return emit({ topic, key: sourceRecordKey(result.change), value: await deps.serde.encode(topic, 'SourceRecordChanged', event) });
  };
}
