import type {
  AuditRecorded,
  DataQualityIssueRaised,
  MappingRecorded,
  DedupeDecisionRecorded,
  PatientNormalized,
  PatientResolved,
  ReconciliationReported,
  RecordNormalized,
  SampleRecorded,
  SourceRecordChanged,
  ZohoCompensationPlanned,
  ZohoOperationRecorded,
} from './generated/events.ts';

/** Every event type, the schema file that defines it, and its TypeScript shape. */
export const EVENT_SCHEMA_FILES = {
  SourceRecordChanged: 'source-record-changed.avsc',
  PatientNormalized: 'patient-normalized.avsc',
  PatientResolved: 'patient-resolved.avsc',
  ZohoOperationRecorded: 'zoho-operation-recorded.avsc',
  ReconciliationReported: 'reconciliation-reported.avsc',
  RecordNormalized: 'record-normalized.avsc',
  DataQualityIssueRaised: 'data-quality-issue-raised.avsc',
  MappingRecorded: 'mapping-recorded.avsc',
  AuditRecorded: 'audit-recorded.avsc',
  DedupeDecisionRecorded: 'dedupe-decision-recorded.avsc',
  ZohoCompensationPlanned: 'zoho-compensation-planned.avsc',
  SampleRecorded: 'sample-recorded.avsc',
} as const;

export interface EventTypes {
  SourceRecordChanged: SourceRecordChanged;
  PatientNormalized: PatientNormalized;
  PatientResolved: PatientResolved;
  ZohoOperationRecorded: ZohoOperationRecorded;
  ReconciliationReported: ReconciliationReported;
  RecordNormalized: RecordNormalized;
  DataQualityIssueRaised: DataQualityIssueRaised;
  MappingRecorded: MappingRecorded;
  AuditRecorded: AuditRecorded;
  DedupeDecisionRecorded: DedupeDecisionRecorded;
  ZohoCompensationPlanned: ZohoCompensationPlanned;
  SampleRecorded: SampleRecorded;
}

export type EventName = keyof EventTypes;
