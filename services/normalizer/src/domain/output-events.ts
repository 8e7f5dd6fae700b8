import { stableEventId, type DataQualityIssueRaised, type RecordNormalized, type SourceRecordChanged } from '@panda2zoho/events';
import type { NormalizedRecord } from './normalized-record.ts';
import type { QualityIssue } from './quality-issue.ts';

export const PRODUCER = 'normalizer';

type SourceRef = SourceRecordChanged['source'];

/**
 * The output events of a normalized record. Every id is derived from the inputs (never a clock or a
 * random source), fields keep the contract table's order, so replaying the same input under the same
 * confirmed field map gives byte-identical events. `mappingVersion`: the confirmed map's version
 * (MappingGate.confirmedVersion()), null before one is confirmed or with P2Z_MAPPING_GATE=off.
 */
export function recordEvent(record: NormalizedRecord, source: SourceRef, eventId: string, mappingVersion: string | null = null): RecordNormalized {
  return {
    eventId,
    entity: record.entity,
    recordKey: record.recordKey,
    source,
    operation: record.operation,
    mappingVersion,
    parents: record.parents.map((p) => ({ role: p.role, entity: p.entity, recordKey: p.recordKey })),
    fields: record.fields === null ? null : { ...record.fields },
    mergedFrom: [],
    issues: record.issues.map((i) => ({ code: i.rule, field: i.field, message: i.message })),
  };
}

/** `<loc>:overflow_note:<entity>/<sourceKey>/<field>`: one note per field of one record. */
export function overflowNoteKey(locationId: string, entity: string, sourceKey: string, field: string): string {
  return `${locationId}:overflow_note:${entity}/${sourceKey}/${field}`;
}

/** Under NORMALIZER_OVERLONG=note: the full value of each over-long field as an overflow_note hanging from its record. */
export function overflowEvents(
  record: { entity: string; recordKey: string; overflow: ReadonlyArray<{ field: string; value: string }> },
  source: SourceRef,
  ownerEventId: string,
  mappingVersion: string | null = null,
): RecordNormalized[] {
  return record.overflow.map(({ field, value }) => {
    const recordKey = overflowNoteKey(source.locationId, record.entity, source.sourceKey, field);
    return {
      eventId: stableEventId(PRODUCER, recordKey, ownerEventId),
      entity: 'overflow_note',
      recordKey,
      source,
      operation: 'UPSERT',
      mappingVersion,
      parents: [{ role: 'record', entity: record.entity, recordKey: record.recordKey }],
      fields: { title: `Full ${field} (${[...value].length} characters; too long for its Zoho field)`, body: value },
      mergedFrom: [],
      issues: [],
    };
  });
}

export function issueEventId(recordKey: string, issue: QualityIssue): string {
  return stableEventId('dq', recordKey, issue.field, issue.rule, issue.sourceEventId, issue.before ?? '', issue.after ?? '');
}

export function issueEvent(entity: string, recordKey: string, locationId: string, issue: QualityIssue): DataQualityIssueRaised {
  return {
    eventId: issueEventId(recordKey, issue),
    entity,
    recordKey,
    locationId,
    field: issue.field,
    rule: issue.rule,
    severity: issue.severity,
    action: issue.action,
    before: issue.before,
    after: issue.after,
    message: issue.message,
    producer: PRODUCER,
    sourceEventId: issue.sourceEventId,
  };
}
