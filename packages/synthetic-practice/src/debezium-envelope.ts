import type { PandaPatientRow } from './generate-patients.ts';

export type DebeziumOp = 'c' | 'u' | 'd' | 'r';

/**
 * The SQL Server connector's change event for one Patients row (reference §3): before/after images,
 * source block with LSNs, op. Generated events stand in for the connector where no SQL Server runs.
 */
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
  const lsn = (n: number) => `${n.toString(16).padStart(8, '0')}:${'00000000'}:0001`;
  return {
    before: options.before,
    after: options.after,
    source: {
      version: '3.4.0.Final',
      connector: 'sqlserver',
      name: options.prefix,
      ts_ms: options.commitMs,
      snapshot: options.op === 'r' ? 'true' : 'false',
      db: options.database,
      sequence: null,
      ts_us: options.commitMs * 1000,
      ts_ns: null, // epoch ns exceeds JavaScript's safe integers; the field is optional
      schema: 'dbo',
      table: 'Patients',
      change_lsn: options.op === 'r' ? null : lsn(options.sequence),
      commit_lsn: lsn(options.sequence),
      event_serial_no: options.op === 'r' ? null : 1,
    },
    op: options.op,
    ts_ms: options.commitMs,
    ts_us: null,
    ts_ns: null,
    transaction: null,
  };
}
