// Writes deploy/sql/*.sql from the reference model: node --import tsx packages/synthetic-practice/scripts/write-ddl.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { REFERENCE_TABLES } from '@panda2zoho/panda-model';
import { deploySqlFiles } from '../src/reference-ddl.ts';
import { DEPLOY_SQL_DIR } from '../src/deploy-sql-dir.ts';

for (const [file, text] of Object.entries(deploySqlFiles(REFERENCE_TABLES))) {
  writeFileSync(path.join(DEPLOY_SQL_DIR, file), text);
  console.log(`wrote deploy/sql/${file}`);
}
