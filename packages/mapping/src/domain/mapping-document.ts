import { createHash } from 'node:crypto';
import { ENTITIES } from '@panda2zoho/panda-model';
import YAML from 'yaml';
import { z } from 'zod';
import { ownersSchema } from './owner-map.ts';

export const MAPPING_FORMAT = 'panda2zoho-mapping/1';

const columnSchema = z.strictObject({
  source: z.string().min(1),
  status: z.enum(['mapped', 'excluded', 'unmapped']),
  /** Canonical field of the entity (packages/panda-model). */
  field: z.string().min(1).optional(),
  /** `<Module>.<field api name>` in Zoho. */
  zoho: z.string().regex(/^[^.\s]+\.[^.\s]+$/, 'Module.Field_Api_Name').optional(),
  via: z.enum(['lookup', 'combined', 'key', 'attachment']).optional(),
  confidence: z.number().min(0).max(1),
  reason: z.string(),
  /** What the values look like (shares and cardinality), never a value. */
  profile: z.string().optional(),
});

const tableSchema = z.strictObject({
  source: z.string().min(1),
  entity: z.enum(ENTITIES).nullable(),
  status: z.enum(['mapped', 'excluded', 'unmapped']),
  confidence: z.number().min(0).max(1),
  reason: z.string(),
  columns: z.array(columnSchema),
});

const documentSchema = z.strictObject({
  format: z.literal(MAPPING_FORMAT),
  source: z.strictObject({ kind: z.enum(['csv', 'sql-server', 'inventory']), name: z.string() }),
  target: z.strictObject({ modules: z.array(z.string()), metadata: z.enum(['org', 'none']) }),
  tables: z.array(tableSchema),
  /** Provider → Zoho user (`panda2zoho owners propose`); confirmed with the rest of the file. */
  owners: ownersSchema.optional(),
});

export type MappingColumn = z.infer<typeof columnSchema>;
export type MappingTable = z.infer<typeof tableSchema>;
export type MappingDocument = z.infer<typeof documentSchema>;

export class MappingFileError extends Error {
  readonly code = 'MAPPING_FILE_INVALID';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/**
 * The mapping's version: sha256 of its content with keys sorted. Comments, key order and YAML layout
 * do not count; any change of a table, column, target, confidence or reason does, so an edited file
 * has a new version that must be confirmed again.
 */
export function mappingVersion(doc: MappingDocument): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(sortKeys(doc))).digest('hex')}`;
}

export function summarize(doc: MappingDocument): { columns: number; mapped: number; excluded: number; unmapped: number } {
  const columns = doc.tables.flatMap((t) => t.columns);
  return {
    columns: columns.length,
    mapped: columns.filter((c) => c.status === 'mapped').length,
    excluded: columns.filter((c) => c.status === 'excluded').length,
    unmapped: columns.filter((c) => c.status === 'unmapped').length,
  };
}

const HEADER = [
  ' panda2zoho field map: every source column → canonical field → Zoho field, with a confidence (0–1) and why.',
  ' Review it, edit freely (retarget `field`/`zoho`, set `status: excluded`), then run `npx panda2zoho map confirm --file <this file>`.',
  ' Its version is the sha256 of the content (comments and layout do not count): any edit needs a new confirmation.',
  ' Nothing moves to Zoho before a version is confirmed; the writer refuses records made under another version.',
].join('\n');

export function toYaml(doc: MappingDocument): string {
  const document = new YAML.Document(doc);
  document.commentBefore = `${HEADER}\n version: ${mappingVersion(doc)}`;
  return document.toString({ lineWidth: 0 });
}

/** Parses and validates a mapping file; the error names every problem by path (never a value). */
export function parseMapping(text: string): MappingDocument {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    throw new MappingFileError(`mapping file is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const result = documentSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new MappingFileError(`mapping file is invalid: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ` (+${problems.length - 10} more)` : ''}`);
  }
  const doc = result.data;
  const problems: string[] = [];
  doc.tables.forEach((t, ti) =>
    t.columns.forEach((c, ci) => {
      if (c.status === 'mapped' && (c.field === undefined || c.zoho === undefined)) problems.push(`tables.${ti}.columns.${ci}: a mapped column needs field and zoho`);
    }),
  );
  const seen = new Set<string>();
  doc.owners?.providers.forEach((p, i) => {
    if (seen.has(p.provider)) problems.push(`owners.providers.${i}: provider ${p.provider} is listed twice`);
    seen.add(p.provider);
  });
  if (problems.length > 0) throw new MappingFileError(`mapping file is invalid: ${problems.join('; ')}`);
  return doc;
}
