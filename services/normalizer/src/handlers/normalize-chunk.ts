import { stableEventId, type EventSerde, type SourceRecordChanged, type TopicNames } from '@panda2zoho/events';
import { deadLetter, emit, entityOfTopic, isPermanent, skip, type BatchHandler, type InboundMessage, type OutboundRecord, type Outcome } from '@panda2zoho/kafka';
import type { AssemblyStore } from '../adapters/assembly-store.ts';
import { changelogRecords } from '../adapters/assembly-store.ts';
import { applyRow, ASSEMBLED_FROM, childKeyOf, childrenOf, isAssemblyEntity, OUTPUT_OF, rootKeyOf, type RootEntity, type RootState } from '../domain/assembly-state.ts';
import type { NormalizeContext } from '../domain/normalize-context.ts';
import { isSingleRowEntity, normalizeRecord } from '../domain/normalize-record.ts';
import { normalizePatient } from '../domain/normalize-patient.ts';
import type { NormalizedRecord } from '../domain/normalized-record.ts';
import { issueEvent, issueEventId, overflowEvents, PRODUCER, recordEvent } from '../domain/output-events.ts';
import { assemblePerioChart } from '../domain/perio-chart.ts';
import type { QualityIssue } from '../domain/quality-issue.ts';
import { assembleTreatmentPlan } from '../domain/treatment-plan.ts';

export interface NormalizeChunkDeps {
  serde: EventSerde;
  topics: TopicNames;
  changelogTopic: string;
  ctx: NormalizeContext;
  store: AssemblyStore;
  /** Codes and field names only, never values. */
  onIssue: (entity: string, rule: string, field: string) => void;
  onPmsBridge: () => void;
  /**
   * The confirmed field map's version at the time of the call (MappingGate.confirmedVersion()), stamped
   * on every RecordNormalized so the writer refuses records of another map; absent or null: unstamped.
   */
  mappingVersion?: () => string | null;
}

type Source = SourceRecordChanged['source'];

/**
 * Handles a chunk of one source topic partition: single-row entities and patients one event each;
 * chart and plan rows are folded into their root's state and each touched root is emitted ONCE per
 * chunk, with its new state on the changelog, all in the chunk's transaction (runtime).
 */
export function normalizeChunk(deps: NormalizeChunkDeps): BatchHandler {
  const { serde, topics } = deps;
  const version = (): string | null => deps.mappingVersion?.() ?? null;
  const encodeRecord = async (record: NormalizedRecord, source: Source, eventId: string): Promise<OutboundRecord[]> => {
    const topic = topics.recordNormalized(record.entity);
    const mappingVersion = version();
    const out = [{ topic, key: record.recordKey, value: await serde.encode(topic, 'RecordNormalized', recordEvent(record, source, eventId, mappingVersion)) }];
    for (const note of overflowEvents(record, source, eventId, mappingVersion)) {
      const noteTopic = topics.recordNormalized('overflow_note');
      out.push({ topic: noteTopic, key: note.recordKey, value: await serde.encode(noteTopic, 'RecordNormalized', note) });
    }
    return out;
  };
  const encodeIssues = async (entity: string, recordKey: string, locationId: string, issues: readonly QualityIssue[]): Promise<OutboundRecord[]> =>
    Promise.all(
      issues.map(async (issue) => {
        deps.onIssue(entity, issue.rule, issue.field);
        return { topic: topics.dataQualityIssues, key: recordKey, value: await serde.encode(topics.dataQualityIssues, 'DataQualityIssueRaised', issueEvent(entity, recordKey, locationId, issue)) };
      }),
    );
  const rejected = async (event: SourceRecordChanged, recordKey: string, code: string, reason: string): Promise<Outcome> => {
    const issue: QualityIssue = { field: code === 'MANDATORY_LAST_NAME_MISSING' ? 'lastName' : '*', rule: code, severity: 'ERROR', action: 'DEAD_LETTERED', before: null, after: null, message: reason, sourceEventId: event.eventId };
    return deadLetter(code, reason, await encodeIssues(event.entity, recordKey, event.source.locationId, [issue]));
  };

  const single = async (event: SourceRecordChanged): Promise<Outcome> => {
    const loc = event.source.locationId;
    if (event.entity === 'patient') {
      const recordKey = `${loc}:patient:${event.source.sourceKey}`;
      const result = normalizePatient(event, deps.ctx);
      if (result.kind === 'rejected') return rejected(event, recordKey, result.code, result.reason);
      const topic = topics.patientNormalized;
      const out: OutboundRecord[] = [{ topic, key: `${loc}:${event.source.sourceKey}`, value: await serde.encode(topic, 'PatientNormalized', result.event) }];
      for (const note of overflowEvents({ entity: 'patient', recordKey, overflow: result.overflow }, event.source, event.eventId, version())) {
        const noteTopic = topics.recordNormalized('overflow_note');
        out.push({ topic: noteTopic, key: note.recordKey, value: await serde.encode(noteTopic, 'RecordNormalized', note) });
      }
      return emit(...out, ...(await encodeIssues('patient', recordKey, loc, result.issues)));
    }
    const result = normalizeRecord(event, deps.ctx);
    if (result.kind === 'rejected') return rejected(event, `${loc}:${event.entity}:${event.source.sourceKey}`, result.code, result.reason);
    const { record } = result;
    const records = await encodeRecord(record, event.source, stableEventId(PRODUCER, record.recordKey, event.eventId));
    return emit(...records, ...(await encodeIssues(record.entity, record.recordKey, loc, record.issues)));
  };

  /** The record a root stands for now, or null while its exam / plan has not arrived. */
  const assemble = (state: RootState): NormalizedRecord | null => {
    if (state.root === null) return null;
    const rootEntity = state.root.entity as RootEntity;
    return rootEntity === 'perio_exam'
      ? assemblePerioChart({ exam: state.root, sites: childrenOf(state, 'perio_site'), teeth: childrenOf(state, 'perio_tooth') }, deps.ctx)
      : assembleTreatmentPlan({ plan: state.root, procedures: childrenOf(state, 'treatment_procedure') }, deps.ctx);
  };

  /** Output of one touched root: the record (when it changed), its new issues, and its changelog entry. */
  const emitRoot = async (state: RootState, partition: number, changed: ReadonlyMap<string, unknown>): Promise<{ records: OutboundRecord[]; state: RootState }> => {
    const records: OutboundRecord[] = [];
    let next = state;
    const record = assemble(state);
    if (record && state.root) {
      // Content-derived id: the same rows (in whatever order they came) give the same event.
      const rowIds = [state.root.eventId, ...Object.keys(state.children).sort().map((k) => state.children[k]!.eventId)];
      const eventId = stableEventId(PRODUCER, record.recordKey, ...rowIds);
      if (eventId !== state.lastEmitted) {
        records.push(...(await encodeRecord(record, state.root.source, eventId)));
        const fresh = record.issues.filter((i) => !state.raisedIssues.includes(issueEventId(record.recordKey, i)));
        records.push(...(await encodeIssues(record.entity, record.recordKey, state.root.source.locationId, fresh)));
        const raised = [...new Set([...state.raisedIssues, ...fresh.map((i) => issueEventId(record.recordKey, i))])].sort();
        next = { ...state, lastEmitted: eventId, raisedIssues: raised };
      }
    }
    records.push(...changelogRecords(deps.changelogTopic, partition, next, changed));
    return { records, state: next };
  };

  return async (messages: InboundMessage[]): Promise<Outcome[]> => {
    const entity = entityOfTopic(messages[0]!.topic);
    const assembly = isAssemblyEntity(entity);
    if (assembly) await deps.store.ensureLoaded();
    const staged = new Map<string, { state: RootState; partition: number; changed: Map<string, unknown> }>();
    const outcomes: Outcome[] = [];
    for (const message of messages) {
      if (message.value === null) {
        outcomes.push(skip('tombstone'));
        continue;
      }
      let event: SourceRecordChanged;
      try {
        event = await serde.decode('SourceRecordChanged', message.value);
      } catch (error) {
        if (!isPermanent(error)) throw error;
        outcomes.push(deadLetter(error.code, error.message));
        continue;
      }
      if (event.entity === 'letter_template') {
        // Exported as files by `panda2zoho letters templates`, never migrated as records.
        outcomes.push(skip('letter templates are exported, not migrated'));
      } else if (event.entity === 'pms_bridge') {
        // Inventoried, never migrated (practice-management ids): counted, nothing emitted.
        deps.onPmsBridge();
        outcomes.push(skip('pms_bridge is never migrated'));
      } else if (isAssemblyEntity(event.entity)) {
        // An image-less procedure delete (Change Tracking) is keyed by itself, not its plan: its plan is
        // found in the state, and its changelog entry goes to the plan's partition.
        const named = rootKeyOf(event);
        const rootKey = named ?? deps.store.rootOfChild(childKeyOf(event));
        const partition = named !== null ? message.partition : rootKey !== undefined ? deps.store.partitionOf(rootKey) : undefined;
        if (rootKey === undefined || partition === undefined) {
          outcomes.push(await rejected(event, `${event.source.locationId}:${event.entity}:${event.source.sourceKey}`, 'ROOT_UNKNOWN', `${event.entity} delete without an image: its ${OUTPUT_OF.treatment_plan} is not known here`));
          continue;
        }
        const current = staged.get(rootKey) ?? { state: deps.store.get(rootKey), partition, changed: new Map<string, unknown>() };
        if (event.entity !== ASSEMBLED_FROM[event.entity]) current.changed.set(childKeyOf(event), null);
        staged.set(rootKey, { ...current, state: applyRow(current.state, event) });
        outcomes.push(emit());
      } else if (event.entity === 'patient' || isSingleRowEntity(event.entity)) {
        outcomes.push(await single(event));
      } else {
        outcomes.push(deadLetter('UNKNOWN_ENTITY', `entity ${event.entity} has no normalization`));
      }
    }
    if (staged.size > 0) {
      const emitted: OutboundRecord[] = [];
      const committed: Array<{ state: RootState; partition: number }> = [];
      for (const rootKey of [...staged.keys()].sort()) {
        const { partition, state: touched, changed } = staged.get(rootKey)!;
        const { records, state } = await emitRoot(touched, partition, changed);
        emitted.push(...records);
        committed.push({ state, partition });
      }
      // One chart / plan per touched root per chunk, carried by the chunk's last assembled row.
      const last = outcomes.findLastIndex((o) => o.kind === 'emit');
      outcomes[last] = emit(...(outcomes[last] as { records: OutboundRecord[] }).records, ...emitted);
      deps.store.commit(committed);
    }
    return outcomes;
  };
}
