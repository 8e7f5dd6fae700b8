import mssql from 'mssql';
import { PermanentError } from '@panda2zoho/kafka';

/**
 * MSSQL_URL → mssql configuration. Two forms:
 *   mssql://user:password@host[:port][/database][?encrypt=false&trustServerCertificate=true&instanceName=SQLEXPRESS]
 *   Server=host,1433;Database=PANDA_Loc1;User Id=…;Password=…;Encrypt=false   (ADO.NET, as SSMS shows it)
 * Dates are read as UTC (useUTC): SQL Server stores wall-clock times, and fromMssql reads them back as such.
 */
export function mssqlConfigFromUrl(url: string): mssql.config {
  const trimmed = url.trim();
  const config = /^(mssql|sqlserver):\/\//i.test(trimmed) ? fromUri(trimmed) : fromAdo(trimmed);
  return {
    connectionTimeout: 15_000,
    requestTimeout: 120_000,
    ...config,
    options: { ...config.options, useUTC: true, appName: 'panda2zoho' },
    pool: { min: 0, max: 4, ...config.pool },
  };
}

function flag(value: string | null, fallback: boolean): boolean {
  if (value === null) return fallback;
  return /^(1|true|yes)$/i.test(value);
}

function fromUri(url: string): mssql.config {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/^[a-z]+:/i, 'http:'));
  } catch (error) {
    throw new PermanentError('INVALID_MSSQL_URL', 'MSSQL_URL is not a valid mssql:// URL', { cause: error });
  }
  const q = parsed.searchParams;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const instanceName = q.get('instanceName') ?? undefined;
  return {
    server: parsed.hostname,
    ...(parsed.port ? { port: Number(parsed.port) } : {}),
    ...(parsed.username ? { user: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(database ? { database } : {}),
    options: {
      encrypt: flag(q.get('encrypt'), true),
      trustServerCertificate: flag(q.get('trustServerCertificate'), false),
      ...(instanceName ? { instanceName } : {}),
    },
  };
}

function fromAdo(text: string): mssql.config {
  try {
    return mssql.ConnectionPool.parseConnectionString(text);
  } catch (error) {
    throw new PermanentError('INVALID_MSSQL_URL', 'MSSQL_URL is neither an mssql:// URL nor an ADO.NET connection string', { cause: error });
  }
}

/** Where a connection goes, for logs and messages: never the user or password. */
export function describeMssqlTarget(config: mssql.config): string {
  const instance = config.options?.instanceName ? `\\${config.options.instanceName}` : '';
  return `${config.server}${instance}${config.port ? `:${config.port}` : ''}/${config.database ?? '(default database)'}`;
}
