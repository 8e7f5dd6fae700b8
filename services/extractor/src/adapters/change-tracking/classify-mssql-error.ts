import { PermanentError, TransientError } from '@panda2zoho/kafka';

/**
 * mssql/tedious failures → our error kinds, where they are thrown. SQL Server's own messages can
 * quote values (conversion errors do), so only the error number and code are kept, never the text.
 */
const PERMANENT_SQL_ERRORS: Record<number, { code: string; hint: string }> = {
  208: { code: 'TABLE_NOT_FOUND', hint: 'a table is missing: check the table map (PANDA_TABLE_MAP_FILE) and the database in MSSQL_URL' },
  207: { code: 'COLUMN_NOT_FOUND', hint: 'a column is missing: check the table map (PANDA_TABLE_MAP_FILE)' },
  229: { code: 'PERMISSION_DENIED', hint: 'grant SELECT on the PANDA tables and VIEW CHANGE TRACKING to the login' },
  230: { code: 'PERMISSION_DENIED', hint: 'grant SELECT on the PANDA tables and VIEW CHANGE TRACKING to the login' },
  262: { code: 'PERMISSION_DENIED', hint: 'the login lacks a permission the query needs' },
  297: { code: 'PERMISSION_DENIED', hint: 'the login lacks a server permission (VIEW SERVER STATE)' },
  300: { code: 'PERMISSION_DENIED', hint: 'the login lacks a permission the query needs (VIEW SERVER STATE, VIEW DATABASE STATE)' },
  916: { code: 'PERMISSION_DENIED', hint: 'the login cannot access the database' },
  4060: { code: 'DATABASE_NOT_AVAILABLE', hint: 'the database in MSSQL_URL cannot be opened by this login' },
  18456: { code: 'LOGIN_FAILED', hint: 'login failed: check the user and password in MSSQL_URL' },
  3952: { code: 'SNAPSHOT_ISOLATION_OFF', hint: 'run ALTER DATABASE <db> SET ALLOW_SNAPSHOT_ISOLATION ON (Change Tracking reads need a snapshot)' },
  22105: { code: 'CHANGE_TRACKING_OFF', hint: 'run ALTER TABLE dbo.<table> ENABLE CHANGE_TRACKING' },
  22106: { code: 'CHANGE_TRACKING_OFF', hint: 'run ALTER DATABASE <db> SET CHANGE_TRACKING = ON' },
};

// Deadlock victim, lock timeout, server busy/failover (Azure SQL), network-level errors, timeout.
const TRANSIENT_SQL_ERRORS = new Set([-2, 64, 121, 233, 1205, 1222, 4221, 10053, 10054, 10060, 10928, 10929, 40143, 40197, 40501, 40613, 49918, 49919, 49920]);
const TRANSIENT_DRIVER_CODES = new Set(['ESOCKET', 'ETIMEOUT', 'ECONNCLOSED', 'ENOTOPEN', 'ENOCONN', 'EINSTLOOKUP', 'ECANCEL', 'EABORT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE']);

interface DriverError {
  name?: unknown;
  code?: unknown;
  number?: unknown;
  originalError?: unknown;
}

function sqlErrorNumber(error: DriverError): number | undefined {
  if (typeof error.number === 'number') return error.number;
  const inner = error.originalError as DriverError | undefined;
  return inner && typeof inner.number === 'number' ? inner.number : undefined;
}

/** `doing` says what was being done, e.g. "reading changes of dbo.Patients" (names, never values). */
export function classifyMssqlError(error: unknown, doing: string): unknown {
  if (error instanceof TransientError || error instanceof PermanentError) return error;
  if (typeof error !== 'object' || error === null) return error;
  const e = error as DriverError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const number = sqlErrorNumber(e);
  const known = number === undefined ? undefined : PERMANENT_SQL_ERRORS[number];
  if (known) return new PermanentError(known.code, `SQL Server error ${number} ${doing}: ${known.hint}`, { cause: error });
  if ((number !== undefined && TRANSIENT_SQL_ERRORS.has(number)) || (code !== undefined && TRANSIENT_DRIVER_CODES.has(code))) {
    const detail = [code, number === undefined ? undefined : `error ${number}`].filter(Boolean).join(', ');
    return new TransientError('SQL_SERVER_UNAVAILABLE', `SQL Server unavailable ${doing} (${detail})`, { cause: error });
  }
  if (code === 'ELOGIN') return new PermanentError('LOGIN_FAILED', `cannot log in to SQL Server ${doing}: check MSSQL_URL`, { cause: error });
  if (number !== undefined) return new PermanentError('SQL_ERROR', `SQL Server error ${number} ${doing}`, { cause: error });
  // Not a driver error: a bug. Let it crash.
  return error;
}

/** Runs `operation`, rethrowing its failure classified. */
export async function classified<T>(doing: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw classifyMssqlError(error, doing);
  }
}
