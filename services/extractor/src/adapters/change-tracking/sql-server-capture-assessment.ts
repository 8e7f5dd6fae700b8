import type { DatabaseInventory, SqlServerInventory } from './sql-server-inventory.ts';

/** Express's maximum relational database size (reference §4): per database, data files only. */
export const EXPRESS_LIMIT_BYTES = 10 * 1024 ** 3;
/** Warn from here: growth during the migration window must not hit the limit. */
export const EXPRESS_WARNING_BYTES = 8 * 1024 ** 3;

export interface CaptureAssessment {
  /** 'CDC' only when it is certainly possible; Change Tracking works on every edition. */
  recommendation: 'CDC' | 'CHANGE_TRACKING';
  cdcPossible: boolean | 'unknown';
  conclusions: string[];
  warnings: string[];
}

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;

/** CDC needs Standard, Enterprise or Developer (EngineEdition 2 or 3) and a running SQL Server Agent (reference §3). */
export function editionSupportsCdc(server: SqlServerInventory['server']): boolean {
  return /standard|enterprise|developer/i.test(server.edition) || server.engineEdition === 2 || server.engineEdition === 3;
}

export function isExpress(server: SqlServerInventory['server']): boolean {
  return server.engineEdition === 4 || /express/i.test(server.edition);
}

function databaseFindings(db: DatabaseInventory, express: boolean, captured: Set<string> | undefined, conclusions: string[], warnings: string[]): void {
  const name = `[${db.name}]`;
  if (db.changeTracking.enabled) {
    conclusions.push(`${db.name}: Change Tracking on (retention ${db.changeTracking.retention}, auto cleanup ${db.changeTracking.autoCleanup ? 'on' : 'off'})`);
    const untracked = db.tables
      .filter((t) => t.schema === 'dbo' && !t.changeTracking && t.primaryKey.length > 0 && (captured?.has(t.name.toLowerCase()) ?? true))
      .map((t) => t.name);
    const which = captured ? 'migrated tables' : 'tables';
    if (untracked.length > 0) warnings.push(`${db.name}: ${which} without Change Tracking: ${untracked.join(', ')} (ALTER TABLE dbo.<table> ENABLE CHANGE_TRACKING)`);
  } else {
    warnings.push(`${db.name}: Change Tracking is off (ALTER DATABASE ${name} SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 2 DAYS, AUTO_CLEANUP = ON))`);
  }
  if (db.snapshotIsolation !== 'ON') warnings.push(`${db.name}: snapshot isolation is ${db.snapshotIsolation || 'off'}; Change Tracking reads need it (ALTER DATABASE ${name} SET ALLOW_SNAPSHOT_ISOLATION ON)`);
  if (db.cdcEnabled) conclusions.push(`${db.name}: CDC is enabled`);
  const keyless = db.tables.filter((t) => t.primaryKey.length === 0).map((t) => `${t.schema}.${t.name}`);
  if (keyless.length > 0) warnings.push(`${db.name}: no primary key, so neither Change Tracking nor a stable source key: ${keyless.join(', ')}`);
  if (express && db.dataBytes >= EXPRESS_WARNING_BYTES) {
    warnings.push(`${db.name}: data files use ${gb(db.dataBytes)} of the ${gb(EXPRESS_LIMIT_BYTES)} Express limit; Change Tracking's side tables grow it further`);
  }
}

/**
 * The capture mode for this server, and what to fix before the migration's delta window.
 * `capturedTables`: the tables the extractor will poll (the migrated ones, table map applied); when
 * given, only they are checked for Change Tracking.
 */
export function assessCapture(inventory: SqlServerInventory, capturedTables?: string[]): CaptureAssessment {
  const captured = capturedTables ? new Set(capturedTables.map((t) => t.toLowerCase())) : undefined;
  const conclusions: string[] = [];
  const warnings: string[] = [];
  const { server, agent } = inventory;
  const editionOk = editionSupportsCdc(server);
  const cdcPossible: CaptureAssessment['cdcPossible'] = !editionOk ? false : agent.state === 'running' ? true : agent.state === 'unknown' ? 'unknown' : false;
  conclusions.push(`edition: ${server.edition || 'unknown'} (EngineEdition ${server.engineEdition ?? '?'}), version ${server.productVersion || '?'}`);
  conclusions.push(`SQL Server Agent: ${agent.state}${agent.reason ? ` (${agent.reason})` : ''}`);
  if (cdcPossible === true) conclusions.push('CDC possible: edition supports it and the Agent runs (Debezium SQL Server connector)');
  else if (cdcPossible === 'unknown') conclusions.push('CDC possible only if SQL Server Agent runs (could not check it); use Change Tracking unless it is confirmed');
  else conclusions.push(`use Change Tracking: ${editionOk ? 'SQL Server Agent does not run' : 'this edition has no CDC'} (CDC needs Standard, Enterprise or Developer with the Agent running)`);
  const express = isExpress(server);
  for (const db of inventory.databases) databaseFindings(db, express, captured, conclusions, warnings);
  return { recommendation: cdcPossible === true ? 'CDC' : 'CHANGE_TRACKING', cdcPossible, conclusions, warnings };
}
