import { stableEventId, type DedupeDecisionRecorded, type PatientNormalized, type PatientResolved, type SourceRef } from '@panda2zoho/events';
import { clusterKeyOf } from './cluster-patients.ts';
import { deletedContact, goldenHash, goldenPatient, type GoldenContent } from './golden-patient.ts';
import { scorePair, type PairDecision } from './match-candidates.ts';
import { OperatorDecisions, pairIdOf } from './operator-decisions.ts';
import { PatientIndex, patientRecordKey, type IndexedPatient } from './patient-index.ts';

export interface ResolutionContext {
  /** Per-migration secret of the contact keys (HMAC of the cluster's anchor). */
  secret: string;
  /** DEDUPE_LOCATION_PRIORITY: breaks survivorship ties on modified time. */
  locationPriority: readonly string[];
}

export type ResolutionOutput =
  | { kind: 'resolved'; key: string; event: PatientResolved }
  | { kind: 'decision'; key: string; event: DedupeDecisionRecorded };

interface EmittedContact {
  eventId: string;
  hash: string;
  members: string[];
  deleted: boolean;
  source: SourceRef;
}

interface ScoredPair {
  a: string;
  b: string;
  pairId: string;
  outcome: PairDecision;
}

const byLocationThenKey = (x: IndexedPatient, y: IndexedPatient): number =>
  x.event.source.locationId < y.event.source.locationId ? -1 : x.event.source.locationId > y.event.source.locationId ? 1
    : x.event.source.sourceKey < y.event.source.sourceKey ? -1 : x.event.source.sourceKey > y.event.source.sourceKey ? 1 : 0;

/**
 * The deduper's state and decisions. State is what it has read (patients, operator decisions) and what
 * it has emitted (golden records, rule decisions); `settle` recomputes the clusters around changed
 * records and returns only what differs from what was emitted. Clusters, keys and golden values are a
 * function of the current records and operator decisions alone, never of arrival order; so a rebuild
 * from the topics re-emits nothing, and a replay from scratch emits the same bytes.
 */
export class PatientResolution {
  readonly index = new PatientIndex();
  readonly operators = new OperatorDecisions();
  private readonly emitted = new Map<string, EmittedContact>();
  private readonly contactOf = new Map<string, string>();
  private readonly emittedDecisions = new Set<string>();

  constructor(private readonly ctx: ResolutionContext) {}

  /** An UPSERT replaces the record; a DELETE removes it. Returns the touched record key. */
  applyPatient(event: PatientNormalized): string {
    const recordKey = patientRecordKey(event.source.locationId, event.source.sourceKey);
    if (event.operation === 'DELETE' || event.patient === null) this.index.remove(recordKey);
    else this.index.upsert(event);
    return recordKey;
  }

  /** Rule decisions are our own output (remembered, never re-emitted); operator ones change clusters. */
  applyDecision(decision: DedupeDecisionRecorded): string[] {
    if (decision.decidedBy === 'RULE') {
      this.emittedDecisions.add(decision.decisionId);
      return [];
    }
    return this.operators.apply(decision);
  }

  /** Rebuild: the last golden record per contact key read back from the output topic. Call finishRestore after the last. */
  restoreResolved(event: PatientResolved): void {
    this.emitted.set(event.contactKey, {
      eventId: event.eventId,
      hash: goldenHash(event),
      members: event.members.map((m) => m.recordKey),
      deleted: event.operation === 'DELETE',
      source: event.source,
    });
  }

  finishRestore(): void {
    this.contactOf.clear();
    for (const [key, contact] of this.emitted) if (!contact.deleted) for (const m of contact.members) this.contactOf.set(m, key);
  }

  /** Every record and every emitted contact: what a rebuild settles. */
  everything(): string[] {
    return [...this.index.recordKeys(), ...this.contactOf.keys()];
  }

  /** Pending review pairs: the ids an operator can accept or reject, with their evidence. */
  contactOfRecord(recordKey: string): string | undefined {
    return this.contactOf.get(recordKey);
  }

  settle(touched: Iterable<string>): ResolutionOutput[] {
    const seeds = new Set<string>();
    const addWithContact = (record: string) => {
      seeds.add(record);
      const contact = this.contactOf.get(record);
      if (contact !== undefined) for (const m of this.emitted.get(contact)?.members ?? []) seeds.add(m);
    };
    for (const t of touched) addWithContact(t);

    const visited = new Set<string>();
    const components: string[][] = [];
    const pairs = new Map<string, ScoredPair>();
    const operatorLinked = new Set<number>();
    // Closure: a member of a component may have been in a contact whose other members are not seeds yet.
    for (let pending = [...seeds].sort(); pending.length > 0; ) {
      for (const seed of pending) {
        if (visited.has(seed) || !this.index.has(seed)) continue;
        const { members, byOperator } = this.component(seed, visited, pairs);
        if (byOperator) operatorLinked.add(components.length);
        components.push(members);
      }
      const more = new Set<string>();
      for (const members of components) for (const m of members) {
        const contact = this.contactOf.get(m);
        if (contact !== undefined) for (const other of this.emitted.get(contact)?.members ?? []) if (!seeds.has(other)) more.add(other);
      }
      for (const m of more) addWithContact(m);
      pending = [...more].sort();
    }

    const oldContacts = new Set<string>();
    for (const s of seeds) {
      const contact = this.contactOf.get(s);
      if (contact !== undefined) oldContacts.add(contact);
      if (!this.index.has(s)) this.contactOf.delete(s);
    }
    const resolved: ResolutionOutput[] = [];
    const componentOf = new Map<string, number>();
    const liveKeys = new Set<string>();
    components.forEach((keys, i) => {
      const members = keys.map((k) => this.index.get(k)!).sort(byLocationThenKey);
      const anchor = members[0]!;
      const contactKey = clusterKeyOf({ locationId: anchor.event.source.locationId, sourceKey: anchor.event.source.sourceKey }, { secret: this.ctx.secret });
      liveKeys.add(contactKey);
      for (const m of members) {
        this.contactOf.set(m.recordKey, contactKey);
        componentOf.set(m.recordKey, i);
      }
      const out = this.emitIfChanged(goldenPatient(contactKey, members, operatorLinked.has(i), this.ctx.locationPriority));
      if (out) resolved.push(out);
    });
    for (const contactKey of oldContacts) {
      const previous = this.emitted.get(contactKey);
      if (liveKeys.has(contactKey) || !previous || previous.deleted) continue;
      const out = this.emitIfChanged(deletedContact(contactKey, previous.source));
      if (out) resolved.push(out);
    }
    resolved.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    return [...this.decisions(pairs, componentOf), ...resolved];
  }

  /** Breadth-first over match edges (rule 'match' unless an operator cut it, or an operator's link). */
  private component(seed: string, visited: Set<string>, pairs: Map<string, ScoredPair>): { members: string[]; byOperator: boolean } {
    const members: string[] = [];
    let byOperator = false;
    const queue = [seed];
    visited.add(seed);
    while (queue.length > 0) {
      const record = queue.shift()!;
      members.push(record);
      const next: string[] = [];
      for (const other of this.index.candidates(record)) {
        const [a, b] = record < other ? [record, other] : [other, record];
        const pairId = pairIdOf(a, b);
        let pair = pairs.get(pairId);
        if (!pair) pairs.set(pairId, (pair = { a, b, pairId, outcome: scorePair(this.index.get(a)!.match, this.index.get(b)!.match) }));
        const override = this.operators.override(a, b);
        if (override === 'link' || (override === undefined && pair.outcome.decision === 'match')) next.push(other);
      }
      for (const other of this.operators.linkedTo(record)) {
        if (this.index.has(other)) {
          next.push(other);
          byOperator = true;
        }
      }
      for (const other of next) {
        if (visited.has(other)) continue;
        visited.add(other);
        queue.push(other);
      }
    }
    return { members, byOperator };
  }

  private emitIfChanged(content: GoldenContent): ResolutionOutput | undefined {
    const hash = goldenHash(content);
    const previous = this.emitted.get(content.contactKey);
    if (previous && previous.hash === hash) return undefined;
    const eventId = stableEventId('patient-resolved', content.contactKey, previous?.eventId ?? '', hash);
    const event: PatientResolved = { eventId, ...content };
    this.emitted.set(content.contactKey, { eventId, hash, members: content.members.map((m) => m.recordKey), deleted: content.operation === 'DELETE', source: content.source });
    return { kind: 'resolved', key: content.contactKey, event };
  }

  /** MERGE for every rule match that joined two records; REVIEW_PENDING for review pairs left apart. Each once. */
  private decisions(pairs: Map<string, ScoredPair>, componentOf: Map<string, number>): ResolutionOutput[] {
    const out: ResolutionOutput[] = [];
    for (const pair of [...pairs.values()].sort((x, y) => (x.pairId < y.pairId ? -1 : 1))) {
      if (this.operators.decided(pair.a, pair.b)) continue;
      const { decision, score, reasons } = pair.outcome;
      const together = componentOf.get(pair.a) !== undefined && componentOf.get(pair.a) === componentOf.get(pair.b);
      const kind = decision === 'match' ? 'MERGE' : decision === 'review' && !together ? 'REVIEW_PENDING' : undefined;
      if (kind === undefined) continue;
      const decisionId = `dc_${stableEventId(kind, pair.pairId, String(score), reasons.join(','))}`;
      if (this.emittedDecisions.has(decisionId)) continue;
      this.emittedDecisions.add(decisionId);
      out.push({
        kind: 'decision',
        key: pair.pairId,
        event: {
          decisionId, kind, entity: 'patient', pairId: pair.pairId, recordKeys: [pair.a, pair.b], contactKey: null, score, reasons,
          decidedBy: 'RULE', operator: null, decidedAtMs: null, signature: null,
        },
      });
    }
    return out;
  }
}
