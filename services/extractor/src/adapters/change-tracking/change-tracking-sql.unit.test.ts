import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyTableMap, REFERENCE_TABLES, tableForEntity } from '@panda2zoho/panda-model';
import { changesSql, quoteName, reloadSql } from './change-tracking-sql.ts';

test('the changes query: CT key columns aliased, outer join on the whole key, bounded and ordered by version', () => {
  assert.equal(
    changesSql(tableForEntity(REFERENCE_TABLES, 'perio_site')),
    [
      'SELECT CT.SYS_CHANGE_VERSION, CT.SYS_CHANGE_OPERATION, CT.[ExamID] AS [__p2z_ct_key_0], CT.[Tooth] AS [__p2z_ct_key_1], CT.[Site] AS [__p2z_ct_key_2], T.*',
      'FROM CHANGETABLE(CHANGES dbo.[PerioSiteMeasurements], @fromVersion) AS CT',
      'LEFT OUTER JOIN dbo.[PerioSiteMeasurements] AS T ON T.[ExamID] = CT.[ExamID] AND T.[Tooth] = CT.[Tooth] AND T.[Site] = CT.[Site]',
      'WHERE CT.SYS_CHANGE_VERSION <= @toVersion',
      'ORDER BY CT.SYS_CHANGE_VERSION, CT.[ExamID], CT.[Tooth], CT.[Site]',
    ].join('\n'),
  );
});

test('names from a table map are bracket-quoted, closing brackets doubled', () => {
  const tables = applyTableMap({ tables: { patient: { table: 'tbl Patient]x', columns: { patientId: 'Pat No' } } } });
  assert.equal(reloadSql(tableForEntity(tables, 'patient')), 'SELECT * FROM dbo.[tbl Patient]]x] ORDER BY [Pat No]');
  assert.equal(quoteName('a]b'), '[a]]b]');
});
