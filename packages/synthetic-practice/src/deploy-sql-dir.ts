import { fileURLToPath } from 'node:url';

/** The repository's deploy/sql folder: the generated DDL and capture scripts. */
export const DEPLOY_SQL_DIR = fileURLToPath(new URL('../../../deploy/sql/', import.meta.url));
