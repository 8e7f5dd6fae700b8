import type { PandaPatientRow } from './generate-patients.ts';

export type DebeziumOp = 'c' | 'u' | 'd' | 'r';

/** source.snapshot: a string enum (SnapshotRecord), `false` outside the snapshot. */
export type SnapshotMarker = 'first' | 'true' | 'last' | 'false';

export const DEBEZIUM_VERSION = '3.4.0.Final';

/** A SQL Server LSN as the connector prints it (VLF:block:slot, hex), increasing with n. */
export function lsn(n: number): string {
  const vlf = 0x2a + Math.floor(n / 0x100000);
  const block = (n % 0x100000) * 8 + 0x10;
  return `${vlf.toString(16).padStart(8, '0')}:${block.toString(16).padStart(8, '0')}:0003`;
}

export interface SourcePosition {
  /** null on snapshot records: they are reads, not log entries. */
  changeLsn: string | null;
  commitLsn: string;
  /** 1 for inserts and deletes, 2 for updates (SQL Server CDC writes the old and new row under one LSN); null on snapshot records. */
  eventSerialNo: number | null;
}

/**
 * The SQL Server connector's change event value (reference §3): before/after images, the source block
 * with LSNs, op, and the envelope's processing time. Generated events stand in for the connector where
 * no SQL Server runs.
 */
export function debeziumEnvelope(options: {
  prefix: string;
  database: string;
  table: string;
  op: DebeziumOp;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  position: SourcePosition;
  snapshot: SnapshotMarker;
  /** Commit time in the database (snapshot records: when the snapshot started). */
  commitMs: number;
  /** When the connector processed the event. */
  processedMs: number;
}): Record<string, unknown> {
  return {
    before: options.before,
    after: options.after,
    source: {
      version: DEBEZIUM_VERSION,
      connector: 'sqlserver',
      name: options.prefix,
      ts_ms: options.commitMs,
      snapshot: options.snapshot,
      db: options.database,
      sequence: null,
      ts_us: options.commitMs * 1000,
      ts_ns: null, // epoch ns exceeds JavaScript's safe integers; the field is optional
      schema: 'dbo',
      table: options.table,
      change_lsn: options.position.changeLsn,
      commit_lsn: options.position.commitLsn,
      event_serial_no: options.position.eventSerialNo,
    },
    op: options.op,
    ts_ms: options.processedMs,
    ts_us: options.processedMs * 1000,
    ts_ns: null,
    transaction: null,
  };
}

/** The Patients envelope the walking skeleton used; kept for callers that build rows by hand. */
export function patientEnvelope(options: {
  prefix: string;
  database: string;
  op: DebeziumOp;
  before: PandaPatientRow | null;
  after: PandaPatientRow | null;
  /** Monotonic per database: drives the LSNs. */
  sequence: number;
  commitMs: number;
}): Record<string, unknown> {
  const snapshot = options.op === 'r';
  return debeziumEnvelope({
    prefix: options.prefix,
    database: options.database,
    table: 'Patients',
    op: options.op,
    before: options.before as Record<string, unknown> | null,
    after: options.after as Record<string, unknown> | null,
    position: snapshot
      ? { changeLsn: null, commitLsn: lsn(2 * options.sequence + 1), eventSerialNo: null }
      : { changeLsn: lsn(2 * options.sequence), commitLsn: lsn(2 * options.sequence + 1), eventSerialNo: options.op === 'u' ? 2 : 1 },
    snapshot: snapshot ? 'true' : 'false',
    commitMs: options.commitMs,
    processedMs: options.commitMs,
  });
}
