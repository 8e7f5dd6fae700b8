import type {
  PatientNormalized,
  PatientResolved,
  PatientSourceChanged,
  ReconciliationReported,
  ZohoOperationRecorded,
} from './generated/events.ts';

/** Every event type, the schema file that defines it, and its TypeScript shape. */
export const EVENT_SCHEMA_FILES = {
  PatientSourceChanged: 'patient-source-changed.avsc',
  PatientNormalized: 'patient-normalized.avsc',
  PatientResolved: 'patient-resolved.avsc',
  ZohoOperationRecorded: 'zoho-operation-recorded.avsc',
  ReconciliationReported: 'reconciliation-reported.avsc',
} as const;

export interface EventTypes {
  PatientSourceChanged: PatientSourceChanged;
  PatientNormalized: PatientNormalized;
  PatientResolved: PatientResolved;
  ZohoOperationRecorded: ZohoOperationRecorded;
  ReconciliationReported: ReconciliationReported;
}

export type EventName = keyof EventTypes;
