import type { Admin, Kafka } from 'kafkajs';
import { EventSerde, topicNames, type DedupeDecisionRecorded, type NormalizedPatient, type PatientResolved } from '@panda2zoho/events';
import { operatorDecisionId, signDecision, verifyDecision } from '@panda2zoho/deduper/operator-decisions';
import { readToEnd } from '@panda2zoho/deduper/read-to-end';

/** Where the deduper's topics are: the local stack's by default. */
export interface DedupeTarget {
  kafka: Kafka;
  admin: Admin;
  registryUrl: string;
  namespace: string;
}

/** Who decides: the operator's name (recorded in the event) and the operator token (signs it; never recorded). */
export interface OperatorAuth {
  operator: string;
  token: string;
  now: () => number;
}

export interface ReviewSide {
  recordKey: string;
  locationId: string;
  /** Shown to the operator's terminal only: what a person needs to decide. Absent when the record was deleted. */
  patient?: { name: string; dateOfBirth: string | null; phones: string[]; email: string | null };
}

export interface PendingReview {
  id: string;
  score: number | null;
  reasons: string[];
  a: ReviewSide;
  b: ReviewSide;
}

async function decisions(target: DedupeTarget, serde: EventSerde): Promise<DedupeDecisionRecorded[]> {
  const raw: Buffer[] = [];
  await readToEnd(target.kafka, target.admin, [topicNames(target.namespace).dedupeDecisions], (_t, _p, m) => {
    if (m.value) raw.push(m.value);
  });
  const out: DedupeDecisionRecorded[] = [];
  for (const value of raw) out.push(await serde.decode('DedupeDecisionRecorded', value));
  return out;
}

/**
 * Pairs a rule queued for review and no operator has decided since (in the decisions topic's order).
 * With the operator token, decisions not signed with it are ignored, as the deduper ignores them.
 */
export function pendingPairs(log: readonly DedupeDecisionRecorded[], operatorToken?: string): DedupeDecisionRecorded[] {
  const pending = new Map<string, DedupeDecisionRecorded>();
  for (const d of log) {
    if (d.pairId === null) continue;
    if (d.decidedBy === 'OPERATOR' && operatorToken !== undefined && !verifyDecision(d, operatorToken)) continue;
    if (d.kind === 'REVIEW_PENDING') pending.set(d.pairId, d);
    else if (d.kind === 'REVIEW_ACCEPTED' || d.kind === 'REVIEW_REJECTED' || d.kind === 'MERGE') pending.delete(d.pairId);
  }
  return [...pending.values()].sort((x, y) => (x.pairId! < y.pairId! ? -1 : 1));
}

async function patientsByKey(target: DedupeTarget, serde: EventSerde, wanted: Set<string>): Promise<Map<string, NormalizedPatient | null>> {
  const raw: Buffer[] = [];
  await readToEnd(target.kafka, target.admin, [topicNames(target.namespace).patientNormalized], (_t, _p, m) => {
    const key = m.key?.toString('utf8') ?? '';
    const sep = key.indexOf(':');
    if (m.value && sep > 0 && wanted.has(`${key.slice(0, sep)}:patient:${key.slice(sep + 1)}`)) raw.push(m.value);
  });
  const out = new Map<string, NormalizedPatient | null>();
  for (const value of raw) {
    const e = await serde.decode('PatientNormalized', value);
    out.set(`${e.source.locationId}:patient:${e.source.sourceKey}`, e.operation === 'DELETE' ? null : e.patient);
  }
  return out;
}

function side(recordKey: string, patients: Map<string, NormalizedPatient | null>): ReviewSide {
  const p = patients.get(recordKey);
  const locationId = recordKey.slice(0, recordKey.indexOf(':patient:'));
  if (!p) return { recordKey, locationId };
  const name = [p.firstName, p.middleName, p.lastName].filter((v) => v).join(' ');
  const phones = [p.mobilePhoneE164, p.homePhoneE164, p.workPhoneE164].filter((v): v is string => !!v);
  return { recordKey, locationId, patient: { name, dateOfBirth: p.dateOfBirth, phones, email: p.email } };
}

export async function listPendingReviews(target: DedupeTarget, operatorToken?: string): Promise<PendingReview[]> {
  const serde = new EventSerde(target.registryUrl);
  const pending = pendingPairs(await decisions(target, serde), operatorToken);
  const patients = await patientsByKey(target, serde, new Set(pending.flatMap((d) => d.recordKeys)));
  return pending.map((d) => ({ id: d.pairId!, score: d.score, reasons: d.reasons, a: side(d.recordKeys[0]!, patients), b: side(d.recordKeys[1]!, patients) }));
}

export function formatPendingReviews(reviews: readonly PendingReview[]): string {
  if (reviews.length === 0) return 'No pairs wait for review.';
  const describe = (s: ReviewSide) =>
    s.patient ? `${s.recordKey}  ${s.patient.name}  born ${s.patient.dateOfBirth ?? '?'}  ${s.patient.phones.join(', ') || 'no phone'}  ${s.patient.email ?? 'no e-mail'}` : `${s.recordKey}  (deleted)`;
  return reviews
    .map((r) => [`${r.id}  score ${r.score ?? '?'}  ${r.reasons.join(' ')}`, `  A ${describe(r.a)}`, `  B ${describe(r.b)}`].join('\n'))
    .concat(`${reviews.length} pair(s). Decide with: panda2zoho dedupe review accept <id> | reject <id>`)
    .join('\n');
}

async function publish(target: DedupeTarget, unsigned: DedupeDecisionRecorded, auth: OperatorAuth): Promise<DedupeDecisionRecorded> {
  const decision = { ...unsigned, signature: signDecision(unsigned, auth.token) };
  const serde = new EventSerde(target.registryUrl);
  const topic = topicNames(target.namespace).dedupeDecisions;
  const producer = target.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: decision.pairId ?? decision.recordKeys[0]!, value: await serde.encode(topic, 'DedupeDecisionRecorded', decision) }] });
  } finally {
    await producer.disconnect();
  }
  return decision;
}

export async function decideReview(target: DedupeTarget, id: string, accept: boolean, auth: OperatorAuth): Promise<DedupeDecisionRecorded> {
  const serde = new EventSerde(target.registryUrl);
  const pending = pendingPairs(await decisions(target, serde), auth.token).find((d) => d.pairId === id);
  if (!pending) throw new Error(`no pending review with id ${id} (see: panda2zoho dedupe review list)`);
  const kind = accept ? 'REVIEW_ACCEPTED' : 'REVIEW_REJECTED';
  const decidedAtMs = auth.now();
  return publish(target, {
    decisionId: operatorDecisionId(kind, id, auth.operator, decidedAtMs), kind, entity: 'patient', pairId: id, recordKeys: pending.recordKeys,
    contactKey: null, score: pending.score, reasons: pending.reasons, decidedBy: 'OPERATOR', operator: auth.operator, decidedAtMs, signature: null,
  }, auth);
}

export async function unmergeRecord(target: DedupeTarget, contactKey: string, recordKey: string, auth: OperatorAuth): Promise<DedupeDecisionRecorded> {
  const serde = new EventSerde(target.registryUrl);
  const raw: Buffer[] = [];
  await readToEnd(target.kafka, target.admin, [topicNames(target.namespace).patientResolved], (_t, _p, m) => {
    if (m.value && m.key?.toString('utf8') === contactKey) raw.push(m.value);
  });
  const last: PatientResolved | undefined = raw.length > 0 ? await serde.decode('PatientResolved', raw[raw.length - 1]!) : undefined;
  if (!last || last.operation === 'DELETE') throw new Error(`no contact ${contactKey}`);
  if (!last.members.some((m) => m.recordKey === recordKey)) throw new Error(`contact ${contactKey} has no member ${recordKey}`);
  if (last.members.length === 1) throw new Error(`${recordKey} is the only member of ${contactKey}: nothing to split`);
  const decidedAtMs = auth.now();
  return publish(target, {
    decisionId: operatorDecisionId('UNMERGE', `${contactKey}/${recordKey}`, auth.operator, decidedAtMs), kind: 'UNMERGE', entity: 'patient', pairId: null,
    recordKeys: [recordKey], contactKey, score: null, reasons: [], decidedBy: 'OPERATOR', operator: auth.operator, decidedAtMs, signature: null,
  }, auth);
}
