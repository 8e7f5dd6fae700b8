import type { Kafka } from 'kafkajs';
import { topicNames, type EventSerde, type ZohoCompensationPlanned } from '@panda2zoho/events';
import { ensureTopics, idempotentProducer } from '@panda2zoho/kafka';
import { compensationOutcomes, planCompensations, reportModule, rollbackReport, signCompensation, statusOf, type RollbackPlan, type RollbackReport, type RollbackScope } from '@panda2zoho/zoho-writer';
import { publishAudit, rollbackAudit } from './rollback-audit.ts';
import { LedgerTail } from './rollback-ledger.ts';

export interface RollbackRequest extends RollbackScope {
  operator: string;
  operatorToken: string;
  dryRun: boolean;
  /** How long to wait for the writer to execute one step. */
  stepTimeoutMs: number;
}

export interface RollbackRunDeps {
  kafka: Kafka;
  serde: EventSerde;
  namespace: string;
  now: () => number;
  /** Progress lines (no PHI: modules, counts, ids). */
  progress: (line: string) => void;
  /** The report so far (while waiting for the writer) and the planned compensations per module: for progress bars. */
  onReport?: (report: RollbackReport, planned: Record<string, number>) => void;
  /** Test hook: called after a step's compensations were published, before waiting for them (a CLI crash there). */
  afterPublish?: (step: number) => void;
}

export interface RollbackResult {
  plan: RollbackPlan;
  report: RollbackReport;
}

/** Done already (a previous run of the same rollback): not published again. Failed and pending ones are. */
const DONE = new Set(['deleted', 'restored', 'alreadyGone', 'skipped']);

async function publish(deps: RollbackRunDeps, topic: string, token: string, compensations: ZohoCompensationPlanned[]): Promise<void> {
  await deps.serde.register(topic, 'ZohoCompensationPlanned');
  const producer = idempotentProducer(deps.kafka);
  await producer.connect();
  try {
    const messages = await Promise.all(
      compensations.map(async (c) => ({ key: c.recordKey, value: await deps.serde.encode(topic, 'ZohoCompensationPlanned', { ...c, authTag: signCompensation(token, c.eventId) }) })),
    );
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

/** Until every published compensation has an outcome newer than the one it had when published (a re-run republishes failed ones). */
async function waitForOutcomes(tail: LedgerTail, plan: RollbackPlan, published: ZohoCompensationPlanned[], before: Map<string, unknown>, timeoutMs: number, onPoll: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    onPoll();
    const outcomes = compensationOutcomes(tail.entries, plan.rollbackId);
    if (published.every((c) => outcomes.has(c.eventId) && outcomes.get(c.eventId) !== before.get(c.eventId))) return;
    if (Date.now() > deadline) return; // reported as pending: the writer did not execute them in time
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Plans the rollback from the ledger, then step by step (children first) publishes the compensations
 * not done yet and waits for their outcomes in the ledger; ends with the report. Re-running the same
 * rollback (same run, scope and ledger) plans the same ids and publishes only what is not done.
 */
export async function runRollback(request: RollbackRequest, deps: RollbackRunDeps): Promise<RollbackResult> {
  const topics = topicNames(deps.namespace);
  const admin = deps.kafka.admin();
  await admin.connect();
  const tail = new LedgerTail(deps.kafka, admin, deps.serde, topics.zohoLedger);
  try {
    if (!(await admin.listTopics()).includes(topics.zohoLedger)) throw new Error(`there is no ledger topic ${topics.zohoLedger}: the writer never ran in namespace ${deps.namespace} (P2Z_TOPIC_NAMESPACE)`);
    await tail.start();
    const plan = planCompensations(tail.entries, request, { operator: request.operator, nowMs: deps.now() });
    const all = plan.steps.flat();
    const planned: Record<string, number> = {};
    for (const c of all) planned[reportModule(c)] = (planned[reportModule(c)] ?? 0) + 1;
    const report = () => rollbackReport(plan.rollbackId, all, plan.skipped, compensationOutcomes(tail.entries, plan.rollbackId));
    const poll = () => deps.onReport?.(report(), planned);
    deps.progress(`rollback ${plan.rollbackId} of run ${request.runId}: ${all.length} compensations in ${plan.steps.length} steps, ${plan.skipped.length} records skipped`);
    if (!request.dryRun) {
      // audited (who, which run and scope, and below how it ended); a dry run changes nothing and is not
      await publishAudit(deps.kafka, deps.serde, deps.namespace, [rollbackAudit('started', request, request.operator, plan, null, deps.now())]);
      await ensureTopics(admin, [{ topic: topics.zohoCompensations, retention: 'forever' }]);
      for (const step of plan.steps) {
        const outcomes = compensationOutcomes(tail.entries, plan.rollbackId);
        const todo = step.filter((c) => !DONE.has(statusOf(outcomes.get(c.eventId))));
        deps.progress(`step ${step[0]!.step} ${[...new Set(step.map(reportModule))].join(', ')}: ${todo.length} to do, ${step.length - todo.length} done before`);
        if (todo.length === 0) continue;
        await publish(deps, topics.zohoCompensations, request.operatorToken, todo);
        deps.afterPublish?.(step[0]!.step);
        await waitForOutcomes(tail, plan, todo, outcomes, request.stepTimeoutMs, poll);
        const after = compensationOutcomes(tail.entries, plan.rollbackId);
        const unfinished = step.filter((c) => !['deleted', 'restored', 'alreadyGone'].includes(statusOf(after.get(c.eventId))));
        if (unfinished.length > 0) {
          // Parents are not touched while a child is kept, failed or unknown: deleting a parent would take its children with it in Zoho.
          deps.progress(`step ${step[0]!.step}: ${unfinished.length} not undone; later steps not started (see the report, re-run or --force)`);
          break;
        }
      }
    }
    poll();
    const final = report();
    if (!request.dryRun) await publishAudit(deps.kafka, deps.serde, deps.namespace, [rollbackAudit('ended', request, request.operator, plan, final, deps.now())]);
    return { plan, report: final };
  } finally {
    await tail.stop();
    await admin.disconnect();
  }
}
