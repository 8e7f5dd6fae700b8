import { stableEventId, toEventFields, type SourceRecordChanged } from '@panda2zoho/events';
import type { CanonicalChange } from './canonical-change.ts';

/**
 * Kafka key: one row's changes stay in order on one partition, and the location is part of every key.
 * Rows the normalizer assembles into one record are keyed by that record's ROOT, so they land on the
 * same partition number as the root (the source topics have equal partition counts): perio sites and
 * teeth by their exam (`<loc>:perio_exam:<examId>`, the first primary-key column, so a Change Tracking
 * delete without an image keys the same), treatment procedures by their plan (`<loc>:treatment_plan:<planId>`;
 * a procedure delete without an image — Change Tracking keeps none — falls back to its own key, and the
 * normalizer finds its plan in its state). The event's own identity stays in `source.sourceKey`.
 */
export function sourceRecordKey(change: CanonicalChange): string {
  return `${change.locationId}:${partitionRoot(change)}`;
}

function partitionRoot(change: CanonicalChange): string {
  switch (change.entity) {
    case 'perio_site':
    case 'perio_tooth': {
      const examId = change.fields?.['examId'] ?? change.sourceKey.split('|')[0];
      return `perio_exam:${String(examId)}`;
    }
    case 'treatment_procedure': {
      const planId = change.fields?.['planId'];
      return typeof planId === 'number' || typeof planId === 'string' ? `treatment_plan:${planId}` : `${change.entity}:${change.sourceKey}`;
    }
    default:
      return `${change.entity}:${change.sourceKey}`;
  }
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
