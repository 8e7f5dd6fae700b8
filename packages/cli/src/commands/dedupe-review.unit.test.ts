import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DedupeDecisionRecorded } from '@panda2zoho/events';
import { signDecision } from '@panda2zoho/deduper/operator-decisions';
import { operatorAuth } from './dedupe.ts';
import { pendingPairs } from './dedupe-review.ts';

const TOKEN = 'unit-operator-token-0123456789';

function decision(kind: DedupeDecisionRecorded['kind'], pairId: string, by: 'RULE' | 'OPERATOR', token?: string): DedupeDecisionRecorded {
  const d: DedupeDecisionRecorded = {
    decisionId: `${kind}-${pairId}-${token ?? ''}`, kind, entity: 'patient', pairId, recordKeys: ['L1:patient:1', 'L2:patient:2'], contactKey: null,
    score: 0.7, reasons: ['email-equal'], decidedBy: by, operator: by === 'OPERATOR' ? 'dr.who' : null, decidedAtMs: by === 'OPERATOR' ? 1 : null, signature: null,
  };
  return token ? { ...d, signature: signDecision(d, token) } : d;
}

test('pending pairs: queued by a rule, until an operator decides (in topic order)', () => {
  const log = [decision('REVIEW_PENDING', 'pr_a', 'RULE'), decision('REVIEW_PENDING', 'pr_b', 'RULE'), decision('REVIEW_ACCEPTED', 'pr_a', 'OPERATOR', TOKEN)];
  assert.deepEqual(pendingPairs(log, TOKEN).map((d) => d.pairId), ['pr_b']);
  // Queued again after a decision (the records changed): pending again.
  assert.deepEqual(pendingPairs([...log, decision('REVIEW_PENDING', 'pr_a', 'RULE')], TOKEN).map((d) => d.pairId), ['pr_a', 'pr_b']);
});

test('pending pairs: a decision signed with another token does not count, as the deduper ignores it', () => {
  const log = [decision('REVIEW_PENDING', 'pr_a', 'RULE'), decision('REVIEW_REJECTED', 'pr_a', 'OPERATOR', 'some-other-token-0123456789')];
  assert.deepEqual(pendingPairs(log, TOKEN).map((d) => d.pairId), ['pr_a']);
});

test('operator actions need the token and a name', () => {
  assert.throws(() => operatorAuth({}, 'dr.who'), /P2Z_OPERATOR_TOKEN/);
  assert.throws(() => operatorAuth({ P2Z_OPERATOR_TOKEN: 'short' }, 'dr.who'), /at least 16/);
  assert.throws(() => operatorAuth({ P2Z_OPERATOR_TOKEN: TOKEN }, undefined), /--operator/);
  assert.equal(operatorAuth({ P2Z_OPERATOR_TOKEN: TOKEN, P2Z_OPERATOR_NAME: ' Dr. Lee ' }, undefined).operator, 'Dr. Lee');
});
