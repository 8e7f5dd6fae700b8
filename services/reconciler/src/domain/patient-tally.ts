import type { EntityReconciliation, PatientResolved, SourceRecordChanged, ZohoOperationRecorded } from '@panda2zoho/events';

/**
 * A read model of the pipeline's topics, rebuilt from the beginning at every start: which source
 * patients are live, which contacts they resolved to, and which contacts the ledger says Zoho holds.
 * Pure state transitions; the consumer feeds it.
 */
export class PatientTally {
  private readonly liveSources = new Set<string>();
  private readonly resolvedSources = new Map<string, string>();
  private readonly written = new Map<string, boolean>();
  private deadLettered = 0;

  onSourceChanged(event: SourceRecordChanged): void {
    const key = `${event.source.locationId}:${event.source.sourceKey}`;
    if (event.operation === 'DELETE') this.liveSources.delete(key);
    else this.liveSources.add(key);
  }

  onResolved(event: PatientResolved): void {
    const key = `${event.source.locationId}:${event.source.sourceKey}`;
    if (event.operation === 'DELETE') this.resolvedSources.delete(key);
    else this.resolvedSources.set(key, event.contactKey);
  }

  onLedger(entry: ZohoOperationRecorded): void {
    if (entry.phase !== 'OUTCOME') return;
    if (entry.result === 'INSERTED' || entry.result === 'UPDATED') this.written.set(entry.externalId, true);
    else if (entry.result === 'DELETED') this.written.delete(entry.externalId);
  }

  onDeadLetter(): void {
    this.deadLettered++;
  }

  /**
   * match: every live source patient reached the deduper, the ledger wrote every expected contact,
   * Zoho holds exactly that many, and nothing waits in a dead-letter topic (a dead letter is a record
   * that did not move, whatever the counts say).
   */
  report(zohoCount: number): EntityReconciliation {
    const live = [...this.liveSources];
    const reachedResolution = live.filter((k) => this.resolvedSources.has(k)).length;
    const expectedContacts = new Set(live.flatMap((k) => this.resolvedSources.get(k) ?? [])).size;
    const written = [...this.written.keys()].length;
    return {
      entity: 'patient',
      source: live.length,
      resolved: expectedContacts,
      written,
      zoho: zohoCount,
      deadLettered: this.deadLettered,
      match: reachedResolution === live.length && written === expectedContacts && zohoCount === expectedContacts && this.deadLettered === 0,
    };
  }
}
