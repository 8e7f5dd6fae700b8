import { sqlTypeName, type EntityName, type TableDefinition } from '@panda2zoho/panda-model';

/** A table as a source shows it (SQL Server catalogue or CSV header): names and, for SQL Server, types. */
export interface FoundTable {
  name: string;
  rows: number | null;
  columns: Array<{ name: string; type?: string }>;
}

export interface ModelTableCoverage {
  entity: EntityName;
  /** The model's table name (after the table map). */
  table: string;
  migrate: boolean;
  /** The name the source spells it with, or null when the source lacks it. */
  found: string | null;
  rows: number | null;
  /** Why this table is treated differently, e.g. the Open Dental bridge. */
  note: string | null;
  columns: {
    /** Model columns the source has (excluded ones not counted). */
    known: string[];
    /** Model columns the source lacks: they would be read as null. */
    missing: string[];
    /** Source columns the model does not know: ignored by the extractor. */
    unknown: string[];
    /** Source columns the model knows and excludes (minimum necessary, e.g. SSN): never leave the extractor. */
    excluded: string[];
    /** SQL Server only: declared types that differ from the model's. */
    typeDiffers: Array<{ column: string; model: string; source: string }>;
  };
}

export interface ModelCoverage {
  tables: ModelTableCoverage[];
  /** Source tables that are no table of the model. */
  unknownTables: FoundTable[];
  /** Model tables the source has / lacks, migrated ones only. */
  summary: { migratedFound: number; migratedMissing: number };
}

function tableNote(table: TableDefinition): string | null {
  if (table.entity === 'pms_bridge') return 'Open Dental bridge: inventoried, never migrated';
  return table.migrate ? null : 'inventoried, never migrated';
}

function columnCoverage(table: TableDefinition, found: FoundTable): ModelTableCoverage['columns'] {
  const byLower = new Map(found.columns.map((c) => [c.name.toLowerCase(), c]));
  const modelNames = new Set(table.columns.map((c) => c.column.toLowerCase()));
  const coverage: ModelTableCoverage['columns'] = { known: [], missing: [], unknown: [], excluded: [], typeDiffers: [] };
  for (const column of table.columns) {
    const source = byLower.get(column.column.toLowerCase());
    if (!source) {
      if (!column.excluded) coverage.missing.push(column.column);
      continue;
    }
    (column.excluded ? coverage.excluded : coverage.known).push(source.name);
    const model = sqlTypeName(column.type);
    if (source.type !== undefined && source.type.toLowerCase() !== model.toLowerCase()) coverage.typeDiffers.push({ column: source.name, model, source: source.type });
  }
  coverage.unknown = found.columns.filter((c) => !modelNames.has(c.name.toLowerCase())).map((c) => c.name);
  return coverage;
}

/**
 * Found tables and columns against the reference model (with the install's table map applied):
 * known, missing and unknown tables and columns, matched case-insensitively as the readers do.
 */
export function mapOntoModel(found: FoundTable[], tables: TableDefinition[]): ModelCoverage {
  const byLower = new Map(found.map((t) => [t.name.toLowerCase(), t]));
  const modelNames = new Set(tables.map((t) => t.table.toLowerCase()));
  const coverage = tables.map((table): ModelTableCoverage => {
    const source = byLower.get(table.table.toLowerCase());
    const base = { entity: table.entity, table: table.table, migrate: table.migrate, note: tableNote(table) };
    if (!source) return { ...base, found: null, rows: null, columns: { known: [], missing: table.columns.filter((c) => !c.excluded).map((c) => c.column), unknown: [], excluded: [], typeDiffers: [] } };
    return { ...base, found: source.name, rows: source.rows, columns: columnCoverage(table, source) };
  });
  return {
    tables: coverage,
    unknownTables: found.filter((t) => !modelNames.has(t.name.toLowerCase())),
    summary: {
      migratedFound: coverage.filter((t) => t.migrate && t.found !== null).length,
      migratedMissing: coverage.filter((t) => t.migrate && t.found === null).length,
    },
  };
}
