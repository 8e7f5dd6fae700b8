import { fromDebezium, tableByName, toCanonicalRecord, type TableDefinition } from '@panda2zoho/panda-model';
import { z } from 'zod';
import type { CanonicalChange, ChangeOrProblem } from './canonical-change.ts';

// avsc decodes records as class instances, which z.record refuses: accept any non-null object.
const row = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'a row struct');

/** The SQL Server connector's envelope (reference §3). Row structs are read column by column through the table definition. */
export const debeziumEnvelope = z.object({
  before: row.nullable().optional(),
  after: row.nullable().optional(),
  source: z.object({
    connector: z.string(),
    db: z.string().min(1),
    schema: z.string(),
    table: z.string().min(1),
    ts_ms: z.number(),
    snapshot: z.string().nullable().optional(),
    change_lsn: z.string().nullable().optional(),
    commit_lsn: z.string().nullable().optional(),
    event_serial_no: z.number().nullable().optional(),
  }),
  op: z.enum(['c', 'u', 'd', 'r']),
});

export interface DebeziumContext {
  tables: TableDefinition[];
  /** PANDA database → practice location id. */
  locationFor: (database: string) => string;
}

/**
 * A decoded Debezium change → a canonical change. Pure. Snapshot reads (`r`) and inserts/updates are
 * UPSERTs; a delete carries the before-image. Positions follow commit_lsn, change_lsn and
 * event_serial_no (all three are needed to order and resume correctly). Reasons never quote values.
 */
export function debeziumChange(decoded: unknown, ctx: DebeziumContext): ChangeOrProblem {
  const parsed = debeziumEnvelope.safeParse(decoded);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
    return { kind: 'unreadable', code: 'INVALID_ENVELOPE', reason: `not a Debezium change envelope (${fields})`, position: 'envelope' };
  }
  const { source, op } = parsed.data;
  const position =
    op === 'r' ? `snapshot:${source.commit_lsn ?? 'none'}` : `${source.commit_lsn ?? 'none'}:${source.change_lsn ?? 'none'}:${source.event_serial_no ?? 0}`;
  const table = tableByName(ctx.tables, source.table);
  if (!table) return { kind: 'unreadable', code: 'UNKNOWN_TABLE', reason: `table ${source.schema}.${source.table} is not in the table map`, position };
  const image = op === 'd' ? parsed.data.before : parsed.data.after;
  if (!image) return { kind: 'unreadable', code: 'INVALID_ENVELOPE', reason: `op ${op} without its ${op === 'd' ? 'before' : 'after'} image`, position };
  const result = toCanonicalRecord(table, (column) => image[column], fromDebezium);
  if (result.kind === 'invalid') return { kind: 'unreadable', code: 'UNREADABLE_VALUE', reason: result.reason, position };
  const change: CanonicalChange = {
    entity: table.entity,
    locationId: ctx.locationFor(source.db),
    sourceSystem: 'DEBEZIUM_CDC',
    sourceTable: `${source.schema}.${table.table}`,
    sourceKey: result.record.sourceKey,
    sourcePosition: op === 'r' ? `${position}:${result.record.sourceKey}` : position,
    sourceCommittedAtMs: source.ts_ms,
    operation: op === 'd' ? 'DELETE' : 'UPSERT',
    fields: result.record.fields,
  };
  return { kind: 'change', change };
}
