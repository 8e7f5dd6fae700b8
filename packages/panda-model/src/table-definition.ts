/**
 * How a PANDA table is described: its SQL Server column types (which decide how each input's values
 * become canonical values) and the canonical field each column feeds. PANDA's real table and column
 * names are not public, so a real install supplies its own names through a table map; the canonical
 * entities and fields stay the same.
 */
export type SqlType =
  | { kind: 'int' | 'smallint' | 'tinyint' | 'bigint' | 'bit' | 'date' | 'datetime' | 'uniqueidentifier' }
  | { kind: 'datetime2'; precision: number }
  | { kind: 'nvarchar' | 'varchar' | 'varbinary'; length: number | 'max' }
  | { kind: 'decimal'; precision: number; scale: number };

export const ENTITIES = [
  'patient',
  'provider',
  'referring_practice',
  'referring_dentist',
  'perio_exam',
  'perio_site',
  'perio_tooth',
  'treatment_plan',
  'treatment_procedure',
  'clinical_note',
  'clinical_flag',
  'motivation_report',
  'referral_letter',
  'letter_template',
  'pms_bridge',
] as const;

export type EntityName = (typeof ENTITIES)[number];

export interface ColumnDefinition {
  /** Column name in the source database. */
  column: string;
  /** Canonical field name (camelCase), the same for every install. */
  field: string;
  type: SqlType;
  nullable: boolean;
  /** Patient-identifying or clinical content: never logged, dropped where the migration does not need it. */
  phi?: boolean;
  /** Outside the migration's purpose (minimum necessary): inventoried, not migrated by default. */
  excluded?: boolean;
  /**
   * An excluded column whose value is replaced, at the edge, by this token (e.g. the SSN's HMAC): the
   * canonical record carries `<field>Token` and never the value. Set at run time by the extractor's
   * configuration (EXTRACTOR_SSN=tokenise), never by a table map file.
   */
  tokenise?: (value: string) => string;
}

export interface TableDefinition {
  /** Table name in the source database (schema dbo). */
  table: string;
  entity: EntityName;
  /** Primary-key columns, in order. The source key is their values joined with '|'. */
  primaryKey: string[];
  /** Parent entities this row references (lookups the writer resolves), by canonical field. */
  references?: Array<{ field: string; entity: EntityName }>;
  columns: ColumnDefinition[];
  /** false: inventoried, never migrated (e.g. the Open Dental bridge). */
  migrate: boolean;
  description: string;
}

export function columnOf(table: TableDefinition, column: string): ColumnDefinition | undefined {
  return table.columns.find((c) => c.column === column);
}

/** `<schema-less SQL type>` as T-SQL writes it, e.g. `nvarchar(80)`, `decimal(10,2)`. */
export function sqlTypeName(type: SqlType): string {
  switch (type.kind) {
    case 'datetime2':
      return `datetime2(${type.precision})`;
    case 'nvarchar':
    case 'varchar':
    case 'varbinary':
      return `${type.kind}(${type.length})`;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    default:
      return type.kind;
  }
}
