import type { SampleRecorded } from '@panda2zoho/events';
import type { RollbackJob } from '../adapters/rollback-runner.ts';
import type { SampleReviews } from '../domain/sample-reviews.ts';
import { html, type Html } from './html.ts';

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
const DIFFERENCE = new Set(['differs', 'not-written', 'missing']);
const show = (v: string | null) => (v === null ? html`<small>empty</small>` : v);

function summary(event: SampleRecorded): Html {
  return html`<table id="sample-summary"><thead><tr><th>entity</th><th>records</th><th>written</th><th>in Zoho</th><th>same</th><th>changed</th><th>derived</th><th>differs</th><th>not written</th><th>missing</th></tr></thead><tbody>
${event.entities.map((e) => html`<tr><td>${e.entity}</td>${[e.expected, e.written, e.inZoho, e.same, e.changed, e.derived, e.differs, e.notWritten, e.missing].map((n) => html`<td class="conf">${n}</td>`)}</tr>`)}
</tbody></table>`;
}

/**
 * The latest sample's field-level diff: source value → Zoho value per record and field. The only
 * page with patient values (the operator reviews them before the full migration); nothing of it is
 * in a URL, and the page is not cached (Cache-Control: no-store).
 */
export function samplePage(samples: SampleReviews): Html {
  const event = samples.latest;
  if (!event) return html`<p>No sample yet: <code>npx panda2zoho sample --patients 25</code> migrates 25 patients with their children and shows here how each field landed in Zoho.</p>`;
  const decision = samples.decisionOf(event.sampleId);
  const differences = event.fields.filter((f) => DIFFERENCE.has(f.status)).length;
  const status = decision
    ? html`<div class="banner ${decision.kind === 'KEPT' ? 'ok' : 'warn'}" id="sample-decision">${decision.kind === 'KEPT' ? 'Kept' : 'Rolled back'} by <b>${decision.actor}</b> at ${when(decision.atMs)} (${decision.via}).</div>`
    : html`<div class="banner warn" id="sample-decision">Not decided yet: keep it (nothing to do) or roll it back on the <a href="/console/rollback">Rollback</a> page (run <code>${event.sampleId}</code>).</div>`;
  return html`<p>Sample <code id="sample-id">${event.sampleId}</code> of ${event.patients} patients, run by ${event.actor} at ${when(event.atMs)} under mapping <code>${event.mappingVersion ?? '—'}</code>: <b id="sample-matches">${event.fields.length - differences}</b> fields match, <b id="sample-differences">${differences}</b> differ.</p>
${status}${summary(event)}
<p><small>Patient data: this page is for the review of the sample only. same = source equals Zoho; changed = the pipeline transformed it and Zoho holds what was sent; derived = no source column; differs = Zoho holds something else than was sent; not written = a mapped source value the writer did not send; missing = not in Zoho.</small></p>
<table id="sample-diff"><thead><tr><th>record</th><th>source field</th><th>Zoho field</th><th>source value</th><th>Zoho value</th><th>status</th></tr></thead><tbody>
${event.fields.map((f) => html`<tr class="${DIFFERENCE.has(f.status) ? 'low' : ''}"><td><small>${f.entity}</small><br><code>${f.recordKey}</code></td><td>${f.sourceField ?? '—'}</td><td>${f.zohoField ?? '—'}</td><td>${show(f.sourceValue)}</td><td>${show(f.zohoValue)}</td><td class="${DIFFERENCE.has(f.status) ? 'unmapped' : 'mapped'}">${f.status}</td></tr>`)}
</tbody></table>`;
}

function jobView(job: RollbackJob): Html {
  const state = job.finishedAtMs === null ? 'running' : job.error ? 'failed' : job.outcome?.complete ? 'everything undone' : 'NOT everything undone';
  const modules = Object.entries(job.outcome?.modules ?? {});
  return html`<div class="banner ${state === 'everything undone' ? 'ok' : 'warn'}" id="rollback-status">Rollback of run <code>${job.runId}</code> by <b>${job.actor}</b>, started ${when(job.startedAtMs)}: <b id="rollback-state">${state}</b>${job.error ? html` — ${job.error}` : ''}</div>
${modules.length > 0 ? html`<table id="rollback-modules"><thead><tr><th>module</th><th>deleted</th><th>restored</th><th>already gone</th><th>skipped</th><th>failed</th><th>pending</th></tr></thead><tbody>${modules.map(([m, t]) => html`<tr><td>${m}</td>${['deleted', 'restored', 'alreadyGone', 'skipped', 'failed', 'pending'].map((k) => html`<td class="conf">${t[k] ?? 0}</td>`)}</tr>`)}</tbody></table>` : ''}
<pre id="rollback-lines">${job.lines.slice(-20).join('\n')}</pre>`;
}

/** Rollback with a typed confirmation: the operator types the run id twice (the second time is the confirmation). */
export function rollbackPage(job: RollbackJob | null, sampleRuns: string[], csrf: string, message: string | null): Html {
  return html`${message ? html`<div class="banner warn" id="rollback-message">${message}</div>` : ''}
${job ? jobView(job) : ''}
<p>Undo a migration run from the writer's ledger: what it created is deleted (children first), what it changed is put back. Records changed in Zoho since are left alone and reported. The zoho-writer must run with the same operator token.</p>
${sampleRuns.length > 0 ? html`<p>Sample runs: ${sampleRuns.map((r) => html`<code>${r}</code> `)}; the full migration's run is <code>initial</code> unless <code>P2Z_RUN_ID</code> says otherwise.</p>` : ''}
<form method="post" action="/console/rollback" id="rollback-form"><input type="hidden" name="_csrf" value="${csrf}">
<p><label>Run to roll back<br><input name="run" id="rollback-run" required maxlength="100" autocomplete="off"></label></p>
<p><label>Type the run id again to confirm<br><input name="confirmRun" id="rollback-confirm" required maxlength="100" autocomplete="off"></label></p>
<button type="submit" id="rollback">Roll back this run</button></form>`;
}
