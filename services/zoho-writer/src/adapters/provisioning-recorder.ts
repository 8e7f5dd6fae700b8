import type { ZohoOperationRecorded } from '@panda2zoho/events';
import { provisionedRecordKey, provisioningIntent, provisioningOutcome, type ProvisioningEvent } from '../domain/provisioning-ledger.ts';

/**
 * Told before and after every create call of provisioning; resolves once the entries are durable
 * (provisioning makes the call only after the intents are acknowledged).
 */
export type ProvisioningRecorder = (events: ProvisioningEvent[]) => Promise<void>;

/**
 * Records provisioning in the writer's ledger under `runId` (the writer's P2Z_RUN_ID, or `provision
 * --run`): what `rollback --include-provisioning` of that run removes. One recorder per provisioning
 * attempt: its creation time tells this attempt's operations apart from an earlier one of the run.
 */
export function ledgerRecorder(ledger: { record(entries: ZohoOperationRecorded[]): Promise<void> }, runId: string, now: () => number): ProvisioningRecorder {
  const attemptId = String(now());
  const intents = new Map<string, ZohoOperationRecorded>();
  return async (events) => {
    const entries = events.map((e) => {
      const key = provisionedRecordKey(e.target);
      if (e.phase === 'INTENT') {
        const intent = provisioningIntent(runId, attemptId, e.target, e.sent, now());
        intents.set(key, intent);
        return intent;
      }
      const intent = intents.get(key);
      if (!intent) throw new Error(`provisioning outcome without an intent: ${key}`);
      intents.delete(key);
      return e.result === 'INSERTED'
        ? provisioningOutcome(intent, { result: 'INSERTED', zohoId: e.zohoId, errorCode: null }, now())
        : provisioningOutcome(intent, { result: 'FAILED', zohoId: null, errorCode: e.errorCode }, now());
    });
    await ledger.record(entries);
  };
}
