import type { Kafka } from 'kafkajs';
import { stableEventId, topicNames, type AuditRecorded, type EventSerde } from '@panda2zoho/events';
import { idempotentProducer } from '@panda2zoho/kafka';
import { ensureControlTopics } from '@panda2zoho/mapping';
import type { RollbackPlan, RollbackReport, RollbackScope } from '@panda2zoho/zoho-writer';

export const ROLLBACK_AUDIT_ACTIONS = { started: 'ROLLBACK_STARTED', completed: 'ROLLBACK_COMPLETED', incomplete: 'ROLLBACK_INCOMPLETE' } as const;

type Totals = Record<'deleted' | 'restored' | 'alreadyGone' | 'skipped' | 'failed' | 'pending', number>;

function totals(report: RollbackReport): Totals {
  const sum: Totals = { deleted: 0, restored: 0, alreadyGone: 0, skipped: 0, failed: 0, pending: 0 };
  for (const t of Object.values(report.modules)) for (const k of Object.keys(sum) as Array<keyof Totals>) sum[k] += t[k];
  return sum;
}

/**
 * The audit events of one rollback: who started it, on which run and scope, and how it ended (counts
 * per outcome). Only ids, scope, codes and numbers: never record keys, field values or the token.
 * Pure; `atMs` is the caller's clock.
 */
export function rollbackAudit(
  phase: 'started' | 'ended',
  scope: RollbackScope,
  operator: string,
  plan: RollbackPlan,
  report: RollbackReport | null,
  atMs: number,
): AuditRecorded {
  const action = phase === 'started' ? ROLLBACK_AUDIT_ACTIONS.started : report?.complete ? ROLLBACK_AUDIT_ACTIONS.completed : ROLLBACK_AUDIT_ACTIONS.incomplete;
  const detail = {
    runId: scope.runId,
    scope: { location: scope.locationId, since: scope.sinceMs === null ? null : new Date(scope.sinceMs).toISOString(), includeProvisioning: scope.includeProvisioning, force: scope.force },
    planned: plan.steps.flat().length,
    skippedInPlan: plan.skipped.length,
    ...(report ? { counts: totals(report) } : {}),
  };
  return { eventId: stableEventId('audit', action, plan.rollbackId, String(atMs)), actor: operator, action, subject: `rollback:${plan.rollbackId}`, atMs, via: 'cli', detail: JSON.stringify(detail) };
}

/** Publishes audit events on `<ns>.control.audit.v1` (one partition, kept forever), acknowledged by all replicas. */
export async function publishAudit(kafka: Kafka, serde: EventSerde, namespace: string, events: AuditRecorded[]): Promise<void> {
  const topic = topicNames(namespace).controlAudit;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureControlTopics(admin, namespace);
  } finally {
    await admin.disconnect();
  }
  await serde.register(topic, 'AuditRecorded');
  const producer = idempotentProducer(kafka);
  await producer.connect();
  try {
    const messages = await Promise.all(events.map(async (e) => ({ key: e.subject, value: await serde.encode(topic, 'AuditRecorded', e) })));
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}
