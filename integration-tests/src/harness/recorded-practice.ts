import type { CanonicalValue, TableDefinition } from '@panda2zoho/panda-model';
import type { ChangeTrackingRecording } from '@panda2zoho/extractor/change-tracking';

/** A stored canonical value as the mssql driver (tedious, useUTC: true) returns it. */
function driverValue(column: TableDefinition['columns'][number], value: CanonicalValue): unknown {
  if (value === null) return null;
  switch (column.type.kind) {
    case 'date':
      return new Date(`${String(value)}T00:00:00.000Z`);
    case 'datetime':
    case 'datetime2':
      return new Date(`${String(value)}Z`);
    case 'decimal':
      return Number(value);
    default:
      return value;
  }
}

/**
 * What Change Tracking's first run reads from a database whose tables hold `rows` (the final state):
 * one snapshot per table, each a full reload at version 7. Built from the generator's stored values,
 * shaped as the mssql driver returns them, the way a recording of a real server is.
 */
export function firstRunRecording(tables: TableDefinition[], rowsByTable: Map<string, Array<Record<string, CanonicalValue>>>): ChangeTrackingRecording {
  return {
    description: 'generated practice, first run: every migrated table reloaded at version 7',
    snapshots: tables.map((table, i) => ({
      currentVersion: '7',
      tables: {
        [table.table]: {
          objectId: 1000 + i,
          minValidVersion: '1',
          rows: (rowsByTable.get(table.table) ?? []).map((stored) => Object.fromEntries(table.columns.map((c) => [c.column, driverValue(c, stored[c.field] ?? null)]))),
        },
      },
    })),
  };
}
