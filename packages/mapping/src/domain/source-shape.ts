/**
 * What the proposer reads about the source: tables, columns, declared types and value profiles (the
 * shape `panda2zoho source inventory --json` reports). Profiles are counts and shares, never values.
 */
export interface ValueProfile {
  filled: number;
  empty: number;
  distinct: number;
  distinctCapped: boolean;
  /** Shares of the non-empty values, 0–1. */
  shares: { email: number; phone: number; date: number; code: number; integer: number; decimal: number };
}

export interface SourceColumn {
  name: string;
  /** Declared SQL type (SQL Server), e.g. `nvarchar(50)`; absent for a CSV export. */
  type?: string;
  profile?: ValueProfile;
}

export interface SourceTable {
  name: string;
  rows: number | null;
  columns: SourceColumn[];
}

interface InventoryColumn {
  name: string;
  type?: string;
}
interface InventoryLike {
  source?: string;
  locations?: Array<{ files: Array<{ tableName: string; rows: number; columns: string[]; profiles?: Array<ValueProfile & { column: string }> }> }>;
  databases?: Array<{ tables: Array<{ schema?: string; name: string; rows: number | null; columns: InventoryColumn[] }> }>;
}

/**
 * Tables of a `source inventory --json` report (CSV export or SQL Server), one per table name across
 * locations: columns are the union, and a column's profile is the fullest location's.
 */
export function tablesFromInventory(report: unknown): SourceTable[] {
  const inventory = report as InventoryLike;
  const byName = new Map<string, SourceTable>();
  const add = (name: string, rows: number | null, columns: SourceColumn[]) => {
    const key = name.toLowerCase();
    const table = byName.get(key) ?? { name, rows: null, columns: [] };
    if (rows !== null) table.rows = (table.rows ?? 0) + rows;
    for (const column of columns) {
      const existing = table.columns.find((c) => c.name.toLowerCase() === column.name.toLowerCase());
      if (!existing) table.columns.push(column);
      else if (column.profile && (existing.profile?.filled ?? -1) < column.profile.filled) existing.profile = column.profile;
    }
    byName.set(key, table);
  };
  if (Array.isArray(inventory.locations)) {
    for (const location of inventory.locations) {
      for (const file of location.files) {
        const profiles = new Map((file.profiles ?? []).map((p) => [p.column, p]));
        add(
          file.tableName,
          file.rows,
          file.columns.map((name) => {
            const profile = profiles.get(name);
            return profile ? { name, profile: { filled: profile.filled, empty: profile.empty, distinct: profile.distinct, distinctCapped: profile.distinctCapped, shares: profile.shares } } : { name };
          }),
        );
      }
    }
  } else if (Array.isArray(inventory.databases)) {
    for (const db of inventory.databases) {
      for (const t of db.tables) add(t.schema && t.schema !== 'dbo' ? `${t.schema}.${t.name}` : t.name, t.rows, t.columns.map((c) => (c.type ? { name: c.name, type: c.type } : { name: c.name })));
    }
  } else {
    throw new Error('not a source inventory report: expected `locations` (CSV) or `databases` (SQL Server)');
  }
  return [...byName.values()];
}
