import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SampleRecorded } from '@panda2zoho/events';
import { RollbackRunner } from '../adapters/rollback-runner.ts';
import { samplePage, rollbackPage } from '../http/sample-pages.ts';
import { SampleReviews } from './sample-reviews.ts';

const event = (kind: SampleRecorded['kind'], sampleId: string, atMs: number, value = 'Ann'): SampleRecorded => ({
  eventId: `${sampleId}:${kind}`, kind, sampleId, atMs, actor: 'dana', via: 'cli', mappingVersion: 'sha256:1', patients: 1,
  entities: [], fields: kind === 'REVIEWED' ? [{ entity: 'patient', recordKey: 'L:patient:1', sourceField: 'firstName', zohoField: 'Contacts.First_Name', sourceValue: value, zohoValue: value, status: 'same' }] : [],
});

test('the latest diff wins; decisions per sample; runs newest first', () => {
  const s = new SampleReviews();
  s.apply(event('REVIEWED', 'sample-b', 20, '<script>x</script>'));
  s.apply(event('REVIEWED', 'sample-a', 10));
  s.apply(event('ROLLED_BACK', 'sample-a', 30));
  assert.equal(s.latest?.sampleId, 'sample-b');
  assert.equal(s.decisionOf('sample-a')?.kind, 'ROLLED_BACK');
  assert.equal(s.decisionOf('sample-b'), null);
  assert.deepEqual(s.sampleRuns(), ['sample-a', 'sample-b']);
  const page = samplePage(s).text;
  assert.match(page, /Not decided yet/);
  assert.ok(page.includes('&lt;script&gt;') && !page.includes('<script>'), 'values are escaped');
});

test('one console rollback at a time; its lines, outcome or error are kept for the page', async () => {
  let finish: (v: { complete: boolean; modules: Record<string, Record<string, number>>; problems: number }) => void = () => undefined;
  const runner = new RollbackRunner((_run, _actor, progress) => {
    progress('step 1 Notes: 2 to do');
    return new Promise((resolve) => (finish = resolve));
  });
  const done: string[] = [];
  assert.equal(runner.start('sample-a', 'dana', async (job) => void done.push(job.runId)), true);
  assert.equal(runner.start('initial', 'dana', async () => undefined), false, 'refused while one runs');
  assert.match(rollbackPage(runner.current, ['sample-a'], 'csrf', null).text, /running[\s\S]*step 1 Notes/);
  finish({ complete: true, modules: { Notes: { deleted: 2 } }, problems: 0 });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(done, ['sample-a']);
  assert.match(rollbackPage(runner.current, [], 'csrf', null).text, /everything undone[\s\S]*Notes<\/td><td class="conf">2/);
  const failing = new RollbackRunner(() => Promise.reject(new Error('there is no ledger topic')));
  failing.start('x', 'dana', async () => undefined);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(failing.current?.error, 'there is no ledger topic');
});
