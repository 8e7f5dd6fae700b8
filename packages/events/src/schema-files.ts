import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository's schemas/ folder: the contract between services. */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));

export interface SchemaFile {
  file: string;
  schema: unknown;
}

export function readSchemaFile(relative: string): unknown {
  return JSON.parse(readFileSync(path.join(SCHEMAS_DIR, relative), 'utf8')) as unknown;
}

/** Our own event schemas (top level of schemas/), sorted by file name. */
export function listEventSchemas(): SchemaFile[] {
  return readdirSync(SCHEMAS_DIR)
    .filter((f) => f.endsWith('.avsc'))
    .sort()
    .map((file) => ({ file, schema: readSchemaFile(file) }));
}

/** Published versions of one schema, oldest first (schemas/history/<name>/v<N>.avsc). */
export function listSchemaHistory(name: string): SchemaFile[] {
  const dir = path.join(SCHEMAS_DIR, 'history', name);
  return readdirSync(dir)
    .filter((f) => /^v\d+\.avsc$/.test(f))
    .sort((a, b) => Number(a.slice(1, -5)) - Number(b.slice(1, -5)))
    .map((file) => ({ file, schema: readSchemaFile(path.join('history', name, file)) }));
}

export const GENERATED_TYPES_FILE = fileURLToPath(new URL('./generated/events.ts', import.meta.url));
