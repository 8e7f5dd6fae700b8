import { type EventSerde, type PatientResolved } from '@panda2zoho/events';
import { deadLetter, emit, isPermanent, skip, type BatchHandler, type Outcome } from '@panda2zoho/kafka';
import type { ZohoClient } from '@panda2zoho/zoho';
import type { LedgerWriter } from '../adapters/ledger-writer.ts';
import { CONTACTS_MODULE, EXTERNAL_ID_FIELD, toContactRecord } from '../domain/contact-mapping.ts';
import { intentEntry, outcomeEntry } from '../domain/ledger-entries.ts';
import { planWrites, type PlanEntry } from '../domain/plan-writes.ts';

export interface WriterDeps {
  serde: EventSerde;
  zoho: ZohoClient;
  ledger: LedgerWriter;
  runId: string;
  now: () => number;
}

/**
 * A chunk of ≤100 resolved patients → one Zoho upsert. At-least-once: a crash after the Zoho call
 * replays the chunk, and the upsert by PANDA_Patient_Key makes the replay an update, not a second
 * Contact. Order: ledger intents (acknowledged) → Zoho → outcomes committed with the offsets.
 */
export function resolvedPatientsHandler(deps: WriterDeps): BatchHandler {
  return async (messages) => {
    const outcomes: Array<Outcome | undefined> = new Array(messages.length);
    const entries: PlanEntry[] = [];
    for (const [index, message] of messages.entries()) {
      if (message.value === null) {
        outcomes[index] = skip('tombstone');
        continue;
      }
      try {
        entries.push({ index, event: await deps.serde.decode('PatientResolved', message.value) });
      } catch (error) {
        if (!isPermanent(error)) throw error;
        outcomes[index] = deadLetter(error.code, error.message);
      }
    }
    const plan = planWrites(entries);
    for (const index of plan.deferredDeletes) outcomes[index] = skip('DELETE_DEFERRED: delete policy not yet applied');

    if (plan.writes.length > 0) {
      const records = plan.writes.map((w) => toContactRecord(w.contactKey, w.event.patient as NonNullable<PatientResolved['patient']>));
      const fields = Object.keys(records[0]!);
      await deps.ledger.record(plan.writes.map((w) => intentEntry(deps.runId, w, fields, deps.now())));
      const results = await deps.zoho.upsert(CONTACTS_MODULE, records, [EXTERNAL_ID_FIELD]);
      for (const [i, write] of plan.writes.entries()) {
        const item = results[i]!;
        const ledgerRecord = await deps.ledger.toRecord(outcomeEntry(deps.runId, write, fields, item, deps.now()));
        const [first, ...coalesced] = write.messageIndexes;
        if (item.status === 'success') {
          outcomes[first!] = emit(ledgerRecord);
          for (const index of coalesced) outcomes[index] = skip('coalesced into a later change of the same contact');
        } else {
          const field = typeof item.details['api_name'] === 'string' ? ` on ${item.details['api_name']}` : '';
          const reason = `Zoho refused the record: ${item.code}${field}`;
          outcomes[first!] = deadLetter(`ZOHO_${item.code}`, reason, [ledgerRecord]);
          for (const index of coalesced) outcomes[index] = deadLetter(`ZOHO_${item.code}`, reason);
        }
      }
    }
    return outcomes.map((o, i) => o ?? skip(`unplanned message ${i}`));
  };
}
