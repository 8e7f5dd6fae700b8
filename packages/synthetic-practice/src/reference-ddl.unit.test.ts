import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REFERENCE_TABLES, sqlTypeName } from '@panda2zoho/panda-model';
import { DEPLOY_SQL_DIR } from './deploy-sql-dir.ts';
import { DDL_FILES, SIGNAL_TABLE, deploySqlFiles } from './reference-ddl.ts';
import { dependencyOrder } from './table-order.ts';

test('deploy/sql is up to date with the reference model (run packages/synthetic-practice/scripts/write-ddl.ts)', () => {
  for (const [file, expected] of Object.entries(deploySqlFiles(REFERENCE_TABLES))) {
    assert.equal(readFileSync(path.join(DEPLOY_SQL_DIR, file), 'utf8'), expected, `deploy/sql/${file} is stale`);
  }
});

test('the schema has every column with its type, a primary key per table, and a foreign key per reference', () => {
  const ddl = deploySqlFiles(REFERENCE_TABLES)[DDL_FILES.schema]!;
  for (const table of REFERENCE_TABLES) {
    for (const c of table.columns) assert.ok(ddl.includes(`  [${c.column}] ${sqlTypeName(c.type)} ${c.nullable ? 'NULL' : 'NOT NULL'},`), `${table.table}.${c.column}`);
    assert.ok(ddl.includes(`CONSTRAINT [PK_${table.table}] PRIMARY KEY CLUSTERED (${table.primaryKey.map((k) => `[${k}]`).join(', ')})`), `${table.table} primary key`);
    for (const ref of table.references ?? []) {
      const column = table.columns.find((c) => c.field === ref.field)!.column;
      const parent = REFERENCE_TABLES.find((t) => t.entity === ref.entity)!;
      assert.ok(ddl.includes(`FOREIGN KEY ([${column}]) REFERENCES [dbo].[${parent.table}] ([${parent.primaryKey[0]}])`), `${table.table}.${column} → ${parent.table}`);
    }
  }
  assert.ok(ddl.includes("USE [$(DatabaseName)];"), 'the database is a sqlcmd variable');
});

test('tables are created parents first', () => {
  const order = dependencyOrder(REFERENCE_TABLES).map((t) => t.table);
  for (const table of REFERENCE_TABLES) {
    for (const ref of table.references ?? []) {
      const parent = REFERENCE_TABLES.find((t) => t.entity === ref.entity)!;
      if (parent !== table) assert.ok(order.indexOf(parent.table) < order.indexOf(table.table), `${parent.table} before ${table.table}`);
    }
  }
});

test('CDC is enabled on the database, every table and the signal table; Change Tracking on every table with column tracking', () => {
  const files = deploySqlFiles(REFERENCE_TABLES);
  const cdc = files[DDL_FILES.cdc]!;
  const ct = files[DDL_FILES.changeTracking]!;
  assert.match(cdc, /EXEC sys\.sp_cdc_enable_db;/);
  assert.ok(cdc.includes(`CREATE TABLE [dbo].[${SIGNAL_TABLE}] ([id] varchar(42) NOT NULL PRIMARY KEY, [type] varchar(32) NOT NULL, [data] varchar(2048) NULL);`));
  for (const name of [...REFERENCE_TABLES.map((t) => t.table), SIGNAL_TABLE]) {
    assert.ok(cdc.includes(`EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'${name}', @role_name = NULL, @supports_net_changes = 0;`), `CDC on ${name}`);
  }
  assert.ok(ct.includes('ALTER DATABASE [$(DatabaseName)] SET ALLOW_SNAPSHOT_ISOLATION ON;'));
  assert.ok(ct.includes('ALTER DATABASE [$(DatabaseName)] SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON);'));
  for (const table of REFERENCE_TABLES) assert.ok(ct.includes(`ALTER TABLE [dbo].[${table.table}] ENABLE CHANGE_TRACKING WITH (TRACK_COLUMNS_UPDATED = ON);`), `CT on ${table.table}`);
});
