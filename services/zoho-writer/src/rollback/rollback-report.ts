import type { ZohoCompensationPlanned, ZohoOperationRecorded } from '@panda2zoho/events';
import type { PlannedSkip } from './plan-compensations.ts';
import { fieldsLabel } from './plan-provisioning.ts';

/** Outcome codes of a compensation (errorCode of its ledger OUTCOME). */
export const COMPENSATION_CODES = {
  alreadyGone: 'ALREADY_GONE',
  alreadyRestored: 'ALREADY_RESTORED',
  changedSinceMigration: 'CHANGED_SINCE_MIGRATION',
  restoreTargetGone: 'RESTORE_TARGET_GONE',
  unauthenticated: 'UNAUTHENTICATED',
} as const;

export type CompensationStatus = 'deleted' | 'restored' | 'alreadyGone' | 'skipped' | 'failed' | 'pending';

export interface ModuleTally {
  deleted: number;
  restored: number;
  alreadyGone: number;
  skipped: number;
  failed: number;
  pending: number;
}

export interface RollbackReport {
  rollbackId: string;
  modules: Record<string, ModuleTally>;
  /** Why records were skipped or failed: codes and field names, never values (PHI). */
  problems: Array<{ module: string; recordKey: string; status: CompensationStatus; code: string; field: string | null }>;
  /** Everything undone: nothing skipped, failed or pending. */
  complete: boolean;
}

/** The latest OUTCOME per compensation (operationId = the compensation's eventId). */
export function compensationOutcomes(ledger: ZohoOperationRecorded[], rollbackId: string): Map<string, ZohoOperationRecorded> {
  const out = new Map<string, ZohoOperationRecorded>();
  for (const e of ledger) if (e.phase === 'OUTCOME' && e.rollbackId === rollbackId) out.set(e.operationId, e);
  return out;
}

export function statusOf(outcome: ZohoOperationRecorded | undefined): CompensationStatus {
  if (!outcome) return 'pending';
  if (outcome.result === 'DELETED') return outcome.errorCode === COMPENSATION_CODES.alreadyGone ? 'alreadyGone' : 'deleted';
  if (outcome.result === 'UPDATED') return 'restored';
  const skippedCodes: string[] = [COMPENSATION_CODES.changedSinceMigration, COMPENSATION_CODES.restoreTargetGone];
  return outcome.errorCode !== null && skippedCodes.includes(outcome.errorCode) ? 'skipped' : 'failed';
}

/** The report's row of a compensation: its module, or `<module> (fields)` for a provisioned field (a DELETE_FIELD). */
export function reportModule(c: Pick<ZohoCompensationPlanned, 'action' | 'module'>): string {
  return c.action === 'DELETE_FIELD' ? fieldsLabel(c.module) : c.module;
}

const tally = (): ModuleTally => ({ deleted: 0, restored: 0, alreadyGone: 0, skipped: 0, failed: 0, pending: 0 });

/** Per module (a module's provisioned fields on a row of their own): deleted, restored, already gone, skipped, failed (and still pending). */
export function rollbackReport(rollbackId: string, compensations: ZohoCompensationPlanned[], skipped: PlannedSkip[], outcomes: Map<string, ZohoOperationRecorded>): RollbackReport {
  const modules: Record<string, ModuleTally> = {};
  const problems: RollbackReport['problems'] = [];
  for (const c of compensations) {
    const outcome = outcomes.get(c.eventId);
    const status = statusOf(outcome);
    const module = reportModule(c);
    (modules[module] ??= tally())[status]++;
    if (status === 'skipped' || status === 'failed' || status === 'pending') {
      problems.push({ module, recordKey: c.recordKey, status, code: outcome?.errorCode ?? 'NO_OUTCOME', field: outcome?.errorField ?? null });
    }
  }
  for (const s of skipped) {
    (modules[s.module] ??= tally()).skipped++;
    problems.push({ module: s.module, recordKey: s.recordKey, status: 'skipped', code: s.code, field: null });
  }
  return { rollbackId, modules, problems, complete: problems.length === 0 };
}
