import type { ZohoOperation, ZohoOperationRecorded } from '@panda2zoho/events';
import { isLinkEntry } from './ledger-entries.ts';

export interface IndexedRecord {
  recordKey: string;
  entity: string;
  module: string;
  zohoId: string;
  externalIdField: string;
  existedBefore: boolean;
  parentZohoId: string | null;
}

/** The operation of a record's last successful (INSERTED/UPDATED) outcome: what a replay is compared with. */
export interface LastWrite {
  operationId: string;
  operation: ZohoOperation;
  module: string;
}

/**
 * recordKey → Zoho id, and member key → record (patient members → Contact, merged referrers → golden
 * record), folded from the ledger's outcomes. It is
 * rebuilt from the ledger topic at every start, so notes and attachments (no upsert by field) are
 * updated rather than inserted twice, and children find parents written before a restart. Also
 * tracks intents without an outcome (a crash between the call and the outcome), and the related-list
 * links the ledger says the migration made (LINK/UNLINK outcomes: a Deal's CDT Products), which a Deal's
 * or a linked record's delete ends, and each record's last successful write (`lastWrite`: a chunk
 * redelivered after a crash is not written again, see replayed-write.ts). Pure.
 */
export class IdIndex {
  readonly #records = new Map<string, IndexedRecord>();
  readonly #members = new Map<string, string>();
  readonly #lastWrites = new Map<string, LastWrite>();
  readonly #openIntents = new Map<string, ZohoOperationRecorded>();
  /** parent Zoho id (a Deal) → linked Zoho id (a Product) → its external id (the CDT code). */
  readonly #links = new Map<string, Map<string, string>>();

  apply(entry: ZohoOperationRecorded): void {
    if (entry.phase === 'INTENT') {
      this.#openIntents.set(entry.operationId, entry);
      return;
    }
    this.#openIntents.delete(entry.operationId);
    if (isLinkEntry(entry)) {
      this.#applyLink(entry);
      return;
    }
    const key = entry.recordKey ?? entry.externalId;
    if (entry.result === 'DELETED') {
      this.#records.delete(key);
      this.#lastWrites.delete(key);
      // Zoho drops a deleted record's links on both sides.
      if (entry.zohoId) {
        this.#links.delete(entry.zohoId);
        for (const linked of this.#links.values()) linked.delete(entry.zohoId);
      }
      return;
    }
    if ((entry.result === 'INSERTED' || entry.result === 'UPDATED') && entry.zohoId) {
      const known = this.#records.get(key);
      this.#records.set(key, {
        recordKey: key,
        entity: entry.entity ?? known?.entity ?? 'patient',
        module: entry.module,
        zohoId: entry.zohoId,
        externalIdField: entry.externalIdField,
        existedBefore: entry.existedBefore || (known?.existedBefore ?? false),
        parentZohoId: entry.parentZohoId ?? known?.parentZohoId ?? null,
      });
      // A FAILED outcome changes nothing: Zoho still holds what this write sent. An update recovered after
      // a crash is no proof: the record was there before the call, whether Zoho took the update or refused
      // it; so a replay writes it again and learns the real answer (an insert found by its key is proof).
      if (entry.recovered && entry.result === 'UPDATED') this.#lastWrites.delete(key);
      else this.#lastWrites.set(key, { operationId: entry.operationId, operation: entry.operation, module: entry.module });
      for (const member of entry.memberKeys) this.#members.set(member, key);
    }
  }

  /** The record's last successful write as the ledger has it (undefined: none, or deleted since). */
  lastWrite(recordKey: string): LastWrite | undefined {
    return this.#lastWrites.get(recordKey);
  }

  get(recordKey: string): IndexedRecord | undefined {
    return this.#records.get(recordKey);
  }

  /** The record a member key stands in: a patient member (`<loc>:patient:<sourceKey>`) → its Contact; a merged referrer → its golden record. */
  contactOfMember(memberKey: string): IndexedRecord | undefined {
    const contactKey = this.#members.get(memberKey);
    return contactKey === undefined ? undefined : this.#records.get(contactKey);
  }

  /** Whether a Zoho id is already some record's (recovery must not claim another record's note). */
  hasZohoId(zohoId: string): boolean {
    return [...this.#records.values()].some((r) => r.zohoId === zohoId);
  }

  /** Records hanging from a Zoho record (children first on delete). */
  childrenOf(zohoId: string): IndexedRecord[] {
    return [...this.#records.values()].filter((r) => r.parentZohoId === zohoId);
  }

  openIntents(): ZohoOperationRecorded[] {
    return [...this.#openIntents.values()];
  }

  /** What the ledger says is linked to a record through its related list: linked Zoho id → external id (a Deal's Products → CDT code). */
  linksOf(parentZohoId: string): ReadonlyMap<string, string> {
    return this.#links.get(parentZohoId) ?? new Map<string, string>();
  }

  #applyLink(entry: ZohoOperationRecorded): void {
    if (!entry.zohoId || !entry.parentZohoId) return;
    if (entry.operation === 'LINK' && (entry.result === 'INSERTED' || entry.result === 'UPDATED')) {
      const linked = this.#links.get(entry.parentZohoId) ?? new Map<string, string>();
      linked.set(entry.zohoId, entry.externalId);
      this.#links.set(entry.parentZohoId, linked);
    } else if (entry.operation === 'UNLINK' && entry.result === 'DELETED') {
      this.#links.get(entry.parentZohoId)?.delete(entry.zohoId);
    }
  }
}
