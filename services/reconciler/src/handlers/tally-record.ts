import type { EventSerde, TopicNames } from '@panda2zoho/events';
import { DLQ_HEADERS, PermanentError, entityOfTopic, type InboundMessage } from '@panda2zoho/kafka';
import { ENTITY_TARGETS, reconciledEntityOf } from '../domain/entity-targets.ts';
import { toLedgerEntry } from '../domain/ledger-entry.ts';
import type { ReconciliationModel } from '../domain/reconciliation-model.ts';

export interface TallyTopics {
  /** Every topic the read model consumes. */
  all: string[];
  apply(m: InboundMessage, value: Buffer): Promise<void>;
}

const header = (m: InboundMessage, name: string): string | undefined => {
  const value = m.headers[name];
  return value === undefined ? undefined : Array.isArray(value) ? value[0]?.toString() : value.toString();
};

/**
 * Routes one record of any consumed topic into the read model. Decoding errors propagate: the app
 * counts an unreadable record as a dead letter (it cannot be accounted for).
 */
export function tallyTopics(topics: TopicNames, deadLetterServices: readonly string[], serde: EventSerde, model: ReconciliationModel): TallyTopics {
  const deadLetter = new Map(deadLetterServices.map((s) => [topics.deadLetter(s), s]));
  const source = new Map(ENTITY_TARGETS.map((t) => [topics.sourceChanged(t.sourceEntity), t.sourceEntity]));
  const normalized = new Map(ENTITY_TARGETS.filter((t) => t.entity !== 'patient').map((t) => [topics.recordNormalized(t.entity), t.entity]));
  const resolved = new Map(ENTITY_TARGETS.filter((t) => t.dedupe === 'record').map((t) => [topics.recordResolved(t.entity), t.entity]));
  const all = [...source.keys(), topics.patientNormalized, ...normalized.keys(), topics.patientResolved, ...resolved.keys(), topics.zohoLedger, topics.dataQualityIssues, ...deadLetter.keys()];

  const apply = async (m: InboundMessage, value: Buffer): Promise<void> => {
    const service = deadLetter.get(m.topic);
    if (service !== undefined) {
      const origin = header(m, DLQ_HEADERS.topic);
      model.onDeadLetter(service, (origin && reconciledEntityOf(entityOfTopic(origin))) || 'unattributed');
      return;
    }
    if (source.has(m.topic)) {
      const e = await serde.decode('SourceRecordChanged', value);
      model.onSourceChanged(source.get(m.topic)!, e.source.locationId, e.source.sourceKey, e.operation);
    } else if (m.topic === topics.patientNormalized) {
      const e = await serde.decode('PatientNormalized', value);
      model.onNormalized('patient', `${e.source.locationId}:patient:${e.source.sourceKey}`, e.source.locationId, e.operation);
    } else if (normalized.has(m.topic)) {
      const e = await serde.decode('RecordNormalized', value);
      model.onNormalized(normalized.get(m.topic)!, e.recordKey, e.source.locationId, e.operation);
      if (normalized.get(m.topic) === 'treatment_plan') {
        const codes = e.fields?.['cdtCodes'];
        const live = e.operation !== 'DELETE' && e.fields !== null;
        model.onPlanCodes(e.recordKey, e.source.locationId, live ? (typeof codes === 'string' ? codes.split(',').map((c) => c.trim()).filter((c) => c !== '') : []) : null);
      }
    } else if (m.topic === topics.patientResolved) {
      model.onPatientResolved(await serde.decode('PatientResolved', value));
    } else if (resolved.has(m.topic)) {
      const e = await serde.decode('RecordNormalized', value);
      model.onRecordResolved(resolved.get(m.topic)!, e.recordKey, e.mergedFrom, e.operation);
    } else if (m.topic === topics.zohoLedger) {
      // The writer's own schema: optional fields it adds (recordKey, sentFields, …) survive decoding.
      const entry = toLedgerEntry(await serde.decodeAny(value));
      if (!entry) throw new PermanentError('UNDECODABLE', 'a ledger record without phase, module or external id');
      model.onLedger(entry);
    } else if (m.topic === topics.dataQualityIssues) {
      model.onIssue(await serde.decode('DataQualityIssueRaised', value));
    }
  };
  return { all, apply };
}
