// SQLite is the single source of truth for emulator state, so a demo run can be inspected afterwards
// (`sqlite3 zoho.sqlite 'select * from records'`) and a restart on the same file resumes it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS modules (
  api_name TEXT PRIMARY KEY,
  id TEXT NOT NULL,
  singular_label TEXT NOT NULL,
  plural_label TEXT NOT NULL,
  sequence_number INTEGER NOT NULL,
  generated_type TEXT NOT NULL,
  duplicate_check_fields TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS fields (
  id TEXT PRIMARY KEY,
  module TEXT NOT NULL,
  api_name TEXT NOT NULL,
  position INTEGER NOT NULL,
  definition TEXT NOT NULL,
  UNIQUE (module, api_name)
);
CREATE TABLE IF NOT EXISTS records (
  id TEXT PRIMARY KEY,
  module TEXT NOT NULL,
  data TEXT NOT NULL,
  created_time TEXT NOT NULL,
  modified_time TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  modified_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS records_by_module ON records (module, id);
-- Values of unique / duplicate-check fields, normalised, so duplicate checks and upsert matching
-- stay index lookups instead of JSON scans during a volume migration.
CREATE TABLE IF NOT EXISTS unique_values (
  module TEXT NOT NULL,
  api_name TEXT NOT NULL,
  value_key TEXT NOT NULL,
  record_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS unique_values_lookup ON unique_values (module, api_name, value_key);
CREATE INDEX IF NOT EXISTS unique_values_by_record ON unique_values (record_id);
-- Many-to-many links through a related list (PUT /{Module}/{id}/{related_list}/{related_id}), e.g. Deals ↔ Products.
CREATE TABLE IF NOT EXISTS related_records (
  module TEXT NOT NULL,
  record_id TEXT NOT NULL,
  related_list TEXT NOT NULL,
  related_id TEXT NOT NULL,
  created_time TEXT NOT NULL,
  PRIMARY KEY (module, record_id, related_list, related_id)
);
CREATE TABLE IF NOT EXISTS recycle_bin (
  id TEXT PRIMARY KEY,
  module TEXT NOT NULL,
  data TEXT NOT NULL,
  created_time TEXT NOT NULL,
  modified_time TEXT NOT NULL,
  deleted_time TEXT NOT NULL
);
-- Files and links attached to records (POST /{Module}/{id}/Attachments); bytes kept so downloads round-trip.
CREATE TABLE IF NOT EXISTS attachments (
  id TEXT PRIMARY KEY,
  module TEXT NOT NULL,
  record_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  size INTEGER NOT NULL,
  content BLOB,
  link_url TEXT,
  created_time TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_by_record ON attachments (module, record_id);
-- Bulk Write: uploaded ZIPs, then jobs with their state, counts and result ZIP (reference §5).
CREATE TABLE IF NOT EXISTS bulk_files (
  id TEXT PRIMARY KEY,
  file_name TEXT NOT NULL,
  content BLOB NOT NULL,
  created_time TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bulk_jobs (
  id TEXT PRIMARY KEY,
  request TEXT NOT NULL,
  status TEXT NOT NULL,
  polls INTEGER NOT NULL DEFAULT 0,
  created_time TEXT NOT NULL,
  resources TEXT,
  result_zip BLOB
);
CREATE TABLE IF NOT EXISTS write_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  module TEXT NOT NULL,
  operation TEXT NOT NULL,
  record_count INTEGER NOT NULL,
  trigger_json TEXT
);
CREATE TABLE IF NOT EXISTS access_tokens (
  token TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  refresh_token TEXT NOT NULL,
  issued_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS access_tokens_by_refresh ON access_tokens (refresh_token, issued_ms);
CREATE TABLE IF NOT EXISTS credit_ledger (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  credits INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS credit_ledger_by_time ON credit_ledger (at_ms);
-- Sections added to a module's Standard layout (PATCH /settings/layouts/{id}); field api names as JSON.
CREATE TABLE IF NOT EXISTS layout_sections (
  module TEXT NOT NULL,
  api_name TEXT NOT NULL,
  display_label TEXT NOT NULL,
  sequence_number INTEGER NOT NULL,
  fields TEXT NOT NULL,
  PRIMARY KEY (module, api_name)
);
`;

/** Tables wiped by POST /__emulator/reset; tokens survive so a running client keeps working. */
export const CRM_DATA_TABLES = [
  'modules',
  'fields',
  'records',
  'unique_values',
  'related_records',
  'recycle_bin',
  'attachments',
  'bulk_files',
  'bulk_jobs',
  'write_log',
  'credit_ledger',
  'layout_sections',
] as const;

export function openDatabase(path: string): Db {
  // Callers pass paths inside a state directory that may not exist yet on a first run.
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  return db;
}

export class MetaStore {
  readonly #get: Database.Statement<[string], { value: string }>;
  readonly #set: Database.Statement<[string, string]>;

  constructor(db: Db) {
    this.#get = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.#set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  get(key: string): string | undefined {
    return this.#get.get(key)?.value;
  }

  set(key: string, value: string): void {
    this.#set.run(key, value);
  }
}

/** 19-digit numeric ids like Zoho's (org prefix + sequence), persisted so ids never repeat across restarts. */
export class IdGenerator {
  static readonly PREFIX = '5725767';
  readonly #meta: MetaStore;

  constructor(meta: MetaStore) {
    this.#meta = meta;
  }

  next(): string {
    const seq = Number(this.#meta.get('id_seq') ?? '1000000') + 1;
    this.#meta.set('id_seq', String(seq));
    return IdGenerator.PREFIX + String(seq).padStart(12, '0');
  }
}

/** Zoho renders times as ISO-8601 with an explicit offset and no milliseconds; the emulator's org runs on UTC. */
export function formatZohoDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
