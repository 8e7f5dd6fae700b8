// Records, their recycle bin, the unique-value index and the write log, persisted in SQLite.
import type { Db } from './database.ts';
import { ADMIN_REF } from './org-identity.ts';

export interface StoredRecord {
  id: string;
  module: string;
  /** Field values by api_name (Owner and lookups stored as objects), without system fields. */
  values: Record<string, unknown>;
  createdTime: string;
  modifiedTime: string;
  createdMs: number;
  modifiedMs: number;
}

export type SortField = 'id' | 'Created_Time' | 'Modified_Time';

export interface ListQuery {
  sortBy: SortField;
  sortOrder: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface WriteLogEntry {
  at: string;
  module: string;
  operation: 'insert' | 'update' | 'upsert' | 'delete';
  record_count: number;
  /** The `trigger` array as sent, or null when omitted (Zoho would then run all automations). */
  trigger: unknown[] | null;
}

interface RecordRow {
  id: string;
  module: string;
  data: string;
  created_time: string;
  modified_time: string;
  created_ms: number;
  modified_ms: number;
}

const SORT_COLUMNS: Record<SortField, string> = { id: 'id', Created_Time: 'created_ms', Modified_Time: 'modified_ms' };

function fromRow(row: RecordRow): StoredRecord {
  return {
    id: row.id,
    module: row.module,
    values: JSON.parse(row.data) as Record<string, unknown>,
    createdTime: row.created_time,
    modifiedTime: row.modified_time,
    createdMs: row.created_ms,
    modifiedMs: row.modified_ms,
  };
}

/** The record as the API returns it: values plus id and system fields. */
export function renderRecord(record: StoredRecord): Record<string, unknown> {
  return {
    ...record.values,
    id: record.id,
    Created_Time: record.createdTime,
    Modified_Time: record.modifiedTime,
    Created_By: { ...ADMIN_REF },
    Modified_By: { ...ADMIN_REF },
  };
}

export class RecordRepository {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  insert(record: StoredRecord): void {
    this.#db
      .prepare('INSERT INTO records (id, module, data, created_time, modified_time, created_ms, modified_ms) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(record.id, record.module, JSON.stringify(record.values), record.createdTime, record.modifiedTime, record.createdMs, record.modifiedMs);
  }

  update(record: StoredRecord): void {
    this.#db
      .prepare('UPDATE records SET data = ?, modified_time = ?, modified_ms = ? WHERE id = ? AND module = ?')
      .run(JSON.stringify(record.values), record.modifiedTime, record.modifiedMs, record.id, record.module);
  }

  get(module: string, id: string): StoredRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM records WHERE module = ? AND id = ?').get(module, id) as RecordRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  count(module: string): number {
    return (this.#db.prepare('SELECT COUNT(*) AS n FROM records WHERE module = ?').get(module) as { n: number }).n;
  }

  list(module: string, query: ListQuery): StoredRecord[] {
    const column = SORT_COLUMNS[query.sortBy];
    const order = query.sortOrder === 'asc' ? 'ASC' : 'DESC';
    // id breaks ties so paging over equal timestamps is stable.
    const rows = this.#db
      .prepare(`SELECT * FROM records WHERE module = ? ORDER BY ${column} ${order}, id ${order} LIMIT ? OFFSET ?`)
      .all(module, query.limit, query.offset) as RecordRow[];
    return rows.map(fromRow);
  }

  /** Every record of a module in id order (search and COQL filter in memory — fine at emulator scale). */
  all(module: string): StoredRecord[] {
    const rows = this.#db.prepare('SELECT * FROM records WHERE module = ? ORDER BY id').all(module) as RecordRow[];
    return rows.map(fromRow);
  }

  /** Moves the record to the recycle bin, as Zoho's delete does. */
  delete(module: string, id: string, deletedTime: string): boolean {
    const record = this.get(module, id);
    if (!record) return false;
    this.#db
      .prepare('INSERT OR REPLACE INTO recycle_bin (id, module, data, created_time, modified_time, deleted_time) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, module, JSON.stringify(record.values), record.createdTime, record.modifiedTime, deletedTime);
    this.#db.prepare('DELETE FROM records WHERE id = ?').run(id);
    this.#db.prepare('DELETE FROM unique_values WHERE record_id = ?').run(id);
    return true;
  }

  recycleBin(module: string): Array<Record<string, unknown>> {
    const rows = this.#db
      .prepare('SELECT * FROM recycle_bin WHERE module = ? ORDER BY id')
      .all(module) as Array<{ id: string; data: string; created_time: string; modified_time: string; deleted_time: string }>;
    return rows.map((r) => ({
      ...(JSON.parse(r.data) as Record<string, unknown>),
      id: r.id,
      Created_Time: r.created_time,
      Modified_Time: r.modified_time,
      Deleted_Time: r.deleted_time,
    }));
  }

  /** Replaces the indexed unique/duplicate-check values of one record. */
  setIndexedValues(module: string, recordId: string, entries: Array<{ apiName: string; valueKey: string }>): void {
    this.#db.prepare('DELETE FROM unique_values WHERE record_id = ?').run(recordId);
    const insert = this.#db.prepare('INSERT INTO unique_values (module, api_name, value_key, record_id) VALUES (?, ?, ?, ?)');
    for (const e of entries) insert.run(module, e.apiName, e.valueKey, recordId);
  }

  /** Record ids holding `valueKey` in an indexed field, oldest first. */
  findIndexed(module: string, apiName: string, valueKey: string): string[] {
    const rows = this.#db
      .prepare('SELECT record_id FROM unique_values WHERE module = ? AND api_name = ? AND value_key = ? ORDER BY record_id')
      .all(module, apiName, valueKey) as Array<{ record_id: string }>;
    return rows.map((r) => r.record_id);
  }

  logWrite(entry: WriteLogEntry): void {
    this.#db
      .prepare('INSERT INTO write_log (at, module, operation, record_count, trigger_json) VALUES (?, ?, ?, ?, ?)')
      .run(entry.at, entry.module, entry.operation, entry.record_count, entry.trigger === null ? null : JSON.stringify(entry.trigger));
  }

  writeLog(): WriteLogEntry[] {
    const rows = this.#db.prepare('SELECT * FROM write_log ORDER BY seq').all() as Array<{
      at: string;
      module: string;
      operation: WriteLogEntry['operation'];
      record_count: number;
      trigger_json: string | null;
    }>;
    return rows.map((r) => ({
      at: r.at,
      module: r.module,
      operation: r.operation,
      record_count: r.record_count,
      trigger: r.trigger_json === null ? null : (JSON.parse(r.trigger_json) as unknown[]),
    }));
  }
}
