import { PermanentError, deadLetter, emit, skip, type BatchHandler, type InboundMessage, type OutboundRecord, type Outcome } from '@panda2zoho/kafka';
import type { EventSerde, TopicNames } from '@panda2zoho/events';
import { verifyDecision } from '../domain/operator-decisions.ts';
import { PatientResolution } from '../domain/patient-resolution.ts';
import { REFERRER_ENTITIES, ReferrerResolution, type ReferrerEntity } from '../domain/referrer-resolution.ts';
import { positionKey, type Positions } from '../adapters/read-to-end.ts';

export interface DedupeStateOptions {
  topics: TopicNames;
  serde: EventSerde;
  secret: string;
  locationPriority: readonly string[];
  /** P2Z_OPERATOR_TOKEN: operator decisions signed with another token (or with none) are never applied. */
  operatorToken: string | undefined;
}

/** `<topic>#<partition>@<offset>`: a record the start could not apply. */
export const recordPosition = (topic: string, partition: number, offset: string): string => `${positionKey(topic, partition)}@${offset}`;

type Applied = { kind: 'applied' } | { kind: 'ignored'; reason: string } | { kind: 'rejected'; code: string; reason: string };

/**
 * The deduper's whole state (patients, referrers, decisions, what it emitted) and how a consumed record
 * changes it. Used twice: at start, to rebuild from the topics; then by the live consumer.
 */
export class DedupeState {
  readonly patients: PatientResolution;
  readonly referrers: ReferrerResolution;
  private readonly touched = new Set<string>();
  private referrersChanged = false;
  private readonly referrerTopics: Map<string, ReferrerEntity>;

  constructor(private readonly options: DedupeStateOptions) {
    this.patients = new PatientResolution({ secret: options.secret, locationPriority: options.locationPriority });
    this.referrers = new ReferrerResolution({ secret: options.secret, locationPriority: options.locationPriority });
    this.referrerTopics = new Map(REFERRER_ENTITIES.map((e) => [options.topics.recordNormalized(e), e]));
  }

  /** The topics whose records change the state (consumed live, and read at start). */
  inputTopics(): string[] {
    return [this.options.topics.patientNormalized, this.options.topics.dedupeDecisions, ...this.referrerTopics.keys()];
  }

  /** Our own outputs, read back at start so that nothing already emitted is emitted again. */
  outputTopics(): string[] {
    return [this.options.topics.patientResolved, ...REFERRER_ENTITIES.map((e) => this.options.topics.recordResolved(e))];
  }

  async restore(topic: string, value: Buffer | null): Promise<void> {
    if (value === null) return;
    if (topic === this.options.topics.patientResolved) this.patients.restoreResolved(await this.options.serde.decode('PatientResolved', value));
    else this.referrers.restoreResolved(await this.options.serde.decode('RecordNormalized', value));
  }

  /** Applies one consumed record; nothing is emitted until `settle`. */
  async apply(topic: string, value: Buffer | null): Promise<Applied> {
    if (value === null) return { kind: 'ignored', reason: 'tombstone' };
    const { topics, serde } = this.options;
    if (topic === topics.patientNormalized) {
      const event = await serde.decode('PatientNormalized', value);
      if (event.operation === 'UPSERT' && event.patient === null) return { kind: 'rejected', code: 'MISSING_PATIENT', reason: 'UPSERT without a patient' };
      this.touched.add(this.patients.applyPatient(event));
      return { kind: 'applied' };
    }
    if (topic === topics.dedupeDecisions) {
      const decision = await serde.decode('DedupeDecisionRecorded', value);
      if (decision.decidedBy === 'OPERATOR' && !verifyDecision(decision, this.options.operatorToken)) {
        // Never applied: only a holder of the operator token may change clusters.
        return { kind: 'rejected', code: 'OPERATOR_UNAUTHENTICATED', reason: 'operator decision without a valid signature' };
      }
      for (const record of this.patients.applyDecision(decision)) this.touched.add(record);
      return { kind: 'applied' };
    }
    const entity = this.referrerTopics.get(topic);
    if (entity === undefined) throw new Error(`the deduper does not consume ${topic}`);
    this.referrers.apply(entity, await serde.decode('RecordNormalized', value));
    this.referrersChanged = true;
    return { kind: 'applied' };
  }

  /** Everything to (re-)emit after what was applied: golden records and rule decisions that changed, encoded. */
  async settle(everything = false): Promise<OutboundRecord[]> {
    const { topics, serde } = this.options;
    const touched = everything ? this.patients.everything() : [...this.touched];
    this.touched.clear();
    const records: OutboundRecord[] = [];
    for (const out of this.patients.settle(touched)) {
      if (out.kind === 'resolved') records.push({ topic: topics.patientResolved, key: out.key, value: await serde.encode(topics.patientResolved, 'PatientResolved', out.event) });
      else records.push({ topic: topics.dedupeDecisions, key: out.key, value: await serde.encode(topics.dedupeDecisions, 'DedupeDecisionRecorded', out.event) });
    }
    if (everything || this.referrersChanged) {
      for (const out of this.referrers.settle()) {
        const topic = topics.recordResolved(out.entity);
        records.push({ topic, key: out.key, value: await serde.encode(topic, 'RecordNormalized', out.event) });
      }
    }
    this.referrersChanged = false;
    return records;
  }

  /**
   * The live handler: skips what the start already applied (not what it could not apply: that is
   * dead-lettered here), applies the chunk, settles once, and puts
   * every output on the chunk's last message so that it commits with the chunk's offsets.
   */
  handler(rebuilt: Positions, notApplied: ReadonlySet<string>): BatchHandler {
    return async (chunk: InboundMessage[]) => {
      const outcomes: Outcome[] = [];
      for (const message of chunk) {
        const appliedAtStart = BigInt(message.offset) < (rebuilt.get(positionKey(message.topic, message.partition)) ?? 0n);
        if (appliedAtStart && !notApplied.has(recordPosition(message.topic, message.partition, message.offset))) {
          outcomes.push(skip('applied at start'));
          continue;
        }
        try {
          const applied = await this.apply(message.topic, message.value);
          outcomes.push(applied.kind === 'applied' ? skip('applied') : applied.kind === 'ignored' ? skip(applied.reason) : deadLetter(applied.code, applied.reason));
        } catch (error) {
          if (!(error instanceof PermanentError)) throw error;
          outcomes.push(deadLetter(error.code, error.message));
        }
      }
      const records = await this.settle();
      const last = outcomes.length - 1;
      const lastOutcome = outcomes[last];
      if (records.length > 0 && lastOutcome) {
        outcomes[last] = lastOutcome.kind === 'dead-letter' ? deadLetter(lastOutcome.code, lastOutcome.reason, records) : emit(...records);
      }
      return outcomes;
    };
  }
}
