import { stableEventId, toEventFields, type SourceRecordChanged } from '@panda2zoho/events';
import type { CanonicalChange } from './canonical-change.ts';

/** Kafka key: one row's changes stay in order on one partition, and the location is part of every key. */
export function sourceRecordKey(change: CanonicalChange): string {
  return `${change.locationId}:${change.entity}:${change.sourceKey}`;
}

/** The canonical event for a change. Its id derives from where the change came from, never from a clock. */
export function toSourceRecordChanged(change: CanonicalChange, extractedAtMs: number): SourceRecordChanged {
  return {
    eventId: stableEventId(change.sourceSystem, change.locationId, change.sourceTable, change.sourceKey, change.sourcePosition, change.operation),
    entity: change.entity,
    source: {
      sourceSystem: change.sourceSystem,
      locationId: change.locationId,
      sourceTable: change.sourceTable,
      sourceKey: change.sourceKey,
      sourcePosition: change.sourcePosition,
      sourceCommittedAtMs: change.sourceCommittedAtMs,
    },
    operation: change.operation,
    extractedAtMs,
    fields: change.fields === null ? null : toEventFields(change.fields),
  };
}
