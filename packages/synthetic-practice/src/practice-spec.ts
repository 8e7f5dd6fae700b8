import { REFERENCE_TABLES, type CanonicalValue, type EntityName, type TableDefinition } from '@panda2zoho/panda-model';
import { ALL_DIRT, type DirtKind } from './dirt.ts';

export interface ChangeCounts {
  updates: number;
  inserts: number;
  deletes: number;
}

export interface PracticeSpec {
  locations: number;
  /** Patients per location. */
  patients: number;
  seed: number;
  /** Table and column names: the reference schema, or a real install's through `applyTableMap`. */
  tables?: TableDefinition[];
  /** Generate only these entities (the demo: patients). Default: every table. */
  entities?: readonly EntityName[];
  /** Dirt kinds to write. Default: all of DIRT. */
  dirt?: readonly DirtKind[];
  /** After the snapshot: updates, inserts and deletes in source order. Default: none. */
  changes?: ChangeCounts;
  /** Snapshot day (YYYY-MM-DD): every generated date is on or before it. Default 2025-06-30. */
  asOf?: string;
}

/** One source row change, in the source's order. Values are the stored values in canonical form. */
export type SourceOp = 'r' | 'c' | 'u' | 'd';

/**
 * A stored row, keyed by canonical field (the same for every install): integers as numbers, bit as
 * boolean, text as string (never ''), date 'YYYY-MM-DD', datetime 'YYYY-MM-DDTHH:mm:ss.SSS' (wall
 * clock), decimal as a fixed-point string, varbinary as a Buffer. Exactly what `fromDebezium` and
 * `fromCsvText` produce from the outputs, excluded columns included (every input carries them).
 */
export type StoredRow = Record<string, CanonicalValue>;

export interface PracticeRow {
  /** The PANDA database of the row's location (one per location). */
  database: string;
  table: TableDefinition;
  op: SourceOp;
  before: StoredRow | null;
  after: StoredRow | null;
}

export interface ResolvedSpec {
  locations: number;
  patients: number;
  seed: number;
  tables: TableDefinition[];
  byEntity: Map<EntityName, TableDefinition>;
  entities: ReadonlySet<EntityName>;
  dirt: ReadonlySet<DirtKind>;
  changes: ChangeCounts;
  asOfMs: number;
}

export function locationDatabase(index: number): string {
  return `PANDA_LOC${String(index + 1).padStart(2, '0')}`;
}

/** Inverse of locationDatabase. */
export function locationIndex(database: string): number {
  const match = /^PANDA_LOC(\d{2})$/.exec(database);
  if (!match) throw new RangeError('not a generated location database');
  return Number(match[1]) - 1;
}

export function resolveSpec(spec: PracticeSpec): ResolvedSpec {
  const tables = spec.tables ?? REFERENCE_TABLES;
  const problems: string[] = [];
  if (!Number.isInteger(spec.locations) || spec.locations < 1 || spec.locations > 99) problems.push('locations must be 1–99');
  // Ids are allocated in per-patient blocks (ExamID = (patient − 1) × 8 + n…): stay inside int.
  if (!Number.isInteger(spec.patients) || spec.patients < 1 || spec.patients > 10_000_000) problems.push('patients must be 1–10,000,000 per location');
  if (!Number.isInteger(spec.seed)) problems.push('seed must be an integer');
  const asOf = spec.asOf ?? '2025-06-30';
  const asOfMs = Date.parse(`${asOf}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(asOfMs)) problems.push('asOf must be YYYY-MM-DD');
  const changes = spec.changes ?? { updates: 0, inserts: 0, deletes: 0 };
  for (const [name, n] of Object.entries(changes)) if (!Number.isInteger(n) || n < 0) problems.push(`changes.${name} must be a non-negative integer`);
  if (problems.length > 0) throw new RangeError(`practice spec: ${problems.join('; ')}`);
  return {
    locations: spec.locations,
    patients: spec.patients,
    seed: spec.seed,
    tables,
    byEntity: new Map(tables.map((t) => [t.entity, t])),
    entities: new Set(spec.entities ?? tables.map((t) => t.entity)),
    dirt: new Set(spec.dirt ?? ALL_DIRT),
    changes,
    asOfMs,
  };
}

/** Canonical wall-clock text of epoch ms read as UTC. */
export function wallClock(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const DAY_MS = 86_400_000;

/** A moment in office hours (07:00–19:00) between two epoch-ms bounds, clamped to them: when staff edit records. */
export function officeHoursBetween(random: () => number, fromMs: number, toMs: number): number {
  const fromDay = Math.floor(fromMs / DAY_MS);
  const day = fromDay + Math.floor(random() * (Math.floor(toMs / DAY_MS) - fromDay + 1));
  const at = day * DAY_MS + 7 * 3_600_000 + Math.floor(random() * 12 * 3_600_000);
  return Math.min(Math.max(at, fromMs), toMs);
}
