import type { CanonicalValue, EntityName } from '@panda2zoho/panda-model';

/**
 * A source row change as every input (Debezium CDC, Change Tracking, CSV export) yields it, before it
 * becomes a SourceRecordChanged event. The three inputs produce identical fields for the same row.
 */
export interface CanonicalChange {
  entity: EntityName;
  locationId: string;
  sourceSystem: 'DEBEZIUM_CDC' | 'CHANGE_TRACKING' | 'CSV_EXPORT';
  /** 'dbo.<Table>' */
  sourceTable: string;
  /** Primary-key values joined with '|'. */
  sourceKey: string;
  /** Debezium: '<commit_lsn>:<change_lsn>:<event_serial_no>'; CT: '<table>@<SYS_CHANGE_VERSION>'; CSV: '<file>:<line>'. */
  sourcePosition: string;
  sourceCommittedAtMs: number | null;
  operation: 'UPSERT' | 'DELETE';
  /** null for a Change Tracking delete (CT keeps no before-image). */
  fields: Record<string, CanonicalValue> | null;
}

export type ChangeOrProblem =
  | { kind: 'change'; change: CanonicalChange }
  | { kind: 'unreadable'; code: string; reason: string; position: string; raw?: Buffer };
