import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntityReconciliation, ReconciliationReported } from '@panda2zoho/events';
import { waitForCutover } from './cutover.ts';
import { reconciliationJson } from './reconcile.ts';
import { renderHtml, renderMarkdown, type ReconciliationResponse } from './reconcile-report.ts';

const entity = (name: string, over: Partial<EntityReconciliation> = {}): EntityReconciliation => ({
  entity: name,
  source: 3,
  resolved: 2,
  written: 2,
  zoho: 2,
  deadLettered: 0,
  match: true,
  module: 'Contacts',
  normalized: 3,
  failed: 0,
  openIssues: 0,
  blockingIssues: 0,
  fieldsCompared: 4,
  fieldMismatches: 0,
  zohoReadBack: true,
  locations: [{ locationId: 'A', source: 3, normalized: 3, resolved: 2, written: 2, zoho: 2, failed: 0, openIssues: 0, blockingIssues: 0, fieldMismatches: 0, match: true }],
  ...over,
});

const report = (over: Partial<ReconciliationReported> = {}): ReconciliationReported => ({
  reportId: 'r',
  generatedAtMs: Date.UTC(2026, 0, 2, 3, 4, 5),
  entities: [entity('patient'), entity('motivation_report', { module: 'Attachments', zohoReadBack: false, zoho: 0 })],
  ready: true,
  sample: null,
  blockers: [],
  lag: [{ stage: 'normalizer', groupId: 'p2z.normalizer', topic: 'p2z.source.patient.v1', lag: 0 }],
  deadLetters: [],
  issues: [{ entity: 'patient', locationId: 'A', rule: 'DATE_SENTINEL', severity: 'WARNING', count: 2 }],
  mismatches: [],
  ...over,
});

const mismatched = (): ReconciliationResponse =>
  report({
    entities: [entity('patient', { match: false, fieldMismatches: 1 })],
    ready: false,
    blockers: [{ kind: 'FIELDS', entity: 'patient', locationId: 'A', detail: '1 field values differ from the last write' }],
    mismatches: [{ entity: 'patient', locationId: 'A', recordKey: 'c|1', field: 'Email', kind: 'DIFFERENT' }],
  });

test('Markdown: summary, per-location table, blockers, mismatches by key and field, issues per rule', () => {
  const md = renderMarkdown(mismatched());
  assert.match(md, /^# Reconciliation 2026-01-02T03:04:05.000Z/);
  assert.match(md, /Overall: \*\*MISMATCH\*\*\. Cutover: \*\*BLOCKED\*\* \(1 blockers\)/);
  assert.match(md, /\| patient \| Contacts \| 3 \| 3 \| 2 \| 2 \| 2 \| 0 \| 0 \| 0 \(0\) \| 4 \| 1 \| \*\*NO\*\* \|/);
  assert.match(md, /\| patient \| A \| 3 \| 3 \| 2 \| 2 \| 2 \|/);
  assert.match(md, /- FIELDS patient @ A: 1 field values differ from the last write/);
  assert.match(md, /\| patient \| A \| c\\\|1 \| Email \| DIFFERENT \|/, 'a | in a key is escaped');
  assert.match(md, /Values are not shown/);
});

test('values appear only when the reconciler served them, and HTML escapes them', () => {
  const withValues: ReconciliationResponse = { ...mismatched(), details: [{ entity: 'patient', locationId: 'A', recordKey: 'c|1', field: 'Email', kind: 'DIFFERENT', sent: '"<a@x>"', actual: '"b@x"' }] };
  assert.ok(!renderMarkdown(mismatched()).includes('b@x'));
  const html = renderHtml(withValues);
  assert.ok(html.includes('&quot;&lt;a@x&gt;&quot;'), 'escaped');
  assert.ok(!html.includes('<a@x>'));
  assert.match(html, /<th>last written<\/th><th>in Zoho now<\/th>/);
  assert.match(html, /<strong>BLOCKED<\/strong>/);
  const markup: ReconciliationResponse = { ...withValues, details: [{ ...withValues.details![0]!, actual: '"**bold** `x`"' }] };
  assert.ok(renderHtml(markup).includes('<td>&quot;**bold** `x`&quot;</td>'), 'a value is shown as it is, not as markup');
});

test('a module that is not read back says so; a ready report says so', () => {
  const md = renderMarkdown(report());
  assert.match(md, /\| motivation_report \| Attachments \| 3 \| 3 \| 2 \| 2 \| not read back \|/);
  assert.match(md, /Cutover: READY/);
  assert.match(md, /- none: ready for cutover/);
  assert.match(md, /\| patient \| A \| DATE_SENTINEL \| WARNING \| 2 \|/);
});

test('JSON: the first shape of `entities` is kept, the rest per entity and location, match per entity and overall', () => {
  const json = reconciliationJson(report()) as { match: boolean; ready: boolean; entities: Record<string, unknown>; details: Record<string, { zoho: number | null; locations: Record<string, unknown> }> };
  assert.deepEqual(json.entities['patient'], { source: 3, resolved: 2, written: 2, zoho: 2, deadLettered: 0, match: true });
  assert.equal(json.match, true);
  assert.equal(json.ready, true);
  assert.equal(json.details['motivation_report']?.zoho, null, 'not read back: null, not 0');
  assert.deepEqual(Object.keys(json.details['patient']?.locations ?? {}), ['A']);
  assert.equal((reconciliationJson(mismatched()) as { match: boolean }).match, false);
});

test('cutover: blocks (printing each new set of blockers), then passes; or times out with the blockers', async () => {
  let clock = 0;
  const answers = [
    { ready: false, blockers: [{ kind: 'LAG', entity: null, locationId: null, detail: 'normalizer: lag 4' }] },
    { ready: false, blockers: [{ kind: 'LAG', entity: null, locationId: null, detail: 'normalizer: lag 4' }] },
    { ready: false, blockers: [{ kind: 'COUNTS', entity: 'patient', locationId: 'A', detail: 'written 1' }] },
    { ready: true, blockers: [] },
  ];
  const printed: string[][] = [];
  const common = { timeoutMs: 10_000, intervalMs: 1000, now: () => clock, sleep: async (ms: number) => void (clock += ms), onBlockers: (b: Array<{ kind: string }>) => printed.push(b.map((x) => x.kind)) };
  const ok = await waitForCutover({ ...common, check: async () => answers.shift()! });
  assert.deepEqual(ok, { ready: true, waitedMs: 3000 });
  assert.deepEqual(printed, [['LAG'], ['COUNTS']], 'unchanged blockers are not printed again');
  clock = 0;
  let calls = 0;
  const late = await waitForCutover({
    ...common,
    check: async () => {
      calls++;
      if (calls === 1) throw new Error('the reconciler at x does not answer');
      return { ready: false, blockers: [{ kind: 'DEAD_LETTERS', entity: 'patient', locationId: null, detail: '1 dead letters from extractor' }] };
    },
  });
  assert.equal(late.ready, false);
  assert.ok(!late.ready && late.blockers[0]?.kind === 'DEAD_LETTERS');
  assert.ok(late.waitedMs <= 10_000);
});
