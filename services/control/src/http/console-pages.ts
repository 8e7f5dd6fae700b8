import { parseMapping, latestProposal, type MappingColumn, type MappingDocument, type MappingState } from '@panda2zoho/mapping';
import type { ReconciliationReported } from '@panda2zoho/events';
import type { ReconcilerStatusRead } from '../adapters/reconciler-status.ts';
import type { ServiceProgress } from '../domain/pipeline-progress.ts';
import { lagByStage, type EntityCounts, type LocationCounts } from '../domain/reconciler-status.ts';
import type { QualityTally } from '../domain/quality-tally.ts';
import { html, type Html } from './html.ts';

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

function columnRow(tableSource: string, c: MappingColumn): Html {
  return html`<tr class="${c.status === 'mapped' && c.confidence < 0.7 ? 'low' : ''}" data-column="${tableSource}.${c.source}">
<td><code>${c.source}</code></td><td class="${c.status}">${c.status}</td><td>${c.field ?? '—'}</td><td>${c.zoho ?? '—'}${c.via ? html` <small>(${c.via})</small>` : ''}</td>
<td class="conf">${c.confidence.toFixed(2)}</td><td>${c.reason}${c.profile ? html`<br><small>values: ${c.profile}</small>` : ''}</td></tr>`;
}

function mappingTables(doc: MappingDocument): Html[] {
  return doc.tables.map(
    (t) => html`<h2>${t.source} → ${t.entity ?? 'not mapped'} <small class="${t.status}">${t.status}, ${t.confidence.toFixed(2)}</small></h2>
<p><small>${t.reason}</small></p>
<table><thead><tr><th>source column</th><th>status</th><th>canonical field</th><th>Zoho field</th><th>confidence</th><th>why</th></tr></thead>
<tbody>${t.columns.map((c) => columnRow(t.source, c))}</tbody></table>`,
  );
}

/** Mapping review: the latest proposal, column by column, with the confirmation in force and a Confirm button. */
export function mappingPage(state: MappingState, csrf: string): Html {
  const proposal = latestProposal(state);
  const confirmed = state.confirmed;
  const status = confirmed
    ? html`<div class="banner ok" id="confirmed">Confirmed mapping <code id="confirmed-version">${confirmed.version}</code> by <b>${confirmed.actor}</b> at ${when(confirmed.atMs)} (${confirmed.via}).</div>`
    : html`<div class="banner warn" id="not-confirmed">No mapping is confirmed: nothing will be written to Zoho until one is.</div>`;
  if (!proposal || !proposal.yaml) return html`${status}<p>No mapping has been proposed yet: run <code>npx panda2zoho map propose</code>.</p>`;
  const doc = parseMapping(proposal.yaml);
  const s = proposal.summary;
  const isConfirmed = confirmed?.version === proposal.version;
  const action = isConfirmed
    ? html`<p>This version is the one in force.</p>`
    : html`<form method="post" action="/console/mapping/confirm" id="confirm-form"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="version" value="${proposal.version}">
<button type="submit" id="confirm">Confirm this mapping</button> <small>records who confirmed which version, and when</small></form>`;
  return html`${status}
<p>Proposed version <code id="proposed-version">${proposal.version}</code> by ${proposal.actor} at ${when(proposal.atMs)} · ${s.columns} columns: <span class="mapped">${s.mapped} mapped</span>, <span class="excluded">${s.excluded} excluded</span>, <span class="unmapped">${s.unmapped} unmapped</span>.</p>
${action}${mappingTables(doc)}`;
}

export function qualityPage(tally: QualityTally): Html {
  const rows = tally.rows();
  if (rows.length === 0) return html`<p>No data-quality issues raised yet.</p>`;
  return html`<p>${tally.total()} issues. Counts only: the records and their values stay in the pipeline.</p>
<table id="quality"><thead><tr><th>rule</th><th>entity</th><th>location</th><th>severity</th><th>action</th><th>count</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td><code>${r.rule}</code></td><td>${r.entity}</td><td>${r.locationId}</td><td>${r.severity}</td><td>${r.action}</td><td class="conf">${r.count}</td></tr>`)}
</tbody></table>`;
}

export function reconciliationPage(report: ReconciliationReported | null): Html {
  if (!report) return html`<p>No reconciliation report yet: the reconciler publishes one on every <code>GET /reconciliation</code> (<code>npx panda2zoho reconcile</code>).</p>`;
  return html`<p>Report of ${when(report.generatedAtMs)}.</p>
<table id="reconciliation"><thead><tr><th>entity</th><th>source</th><th>resolved</th><th>written</th><th>Zoho</th><th>dead-lettered</th><th>match</th></tr></thead><tbody>
${report.entities.map((e) => html`<tr><td>${e.entity}</td><td class="conf">${e.source}</td><td class="conf">${e.resolved}</td><td class="conf">${e.written}</td><td class="conf">${e.zoho}</td><td class="conf">${e.deadLettered}</td><td class="${e.match ? 'mapped' : 'unmapped'}">${e.match ? 'yes' : 'NO'}</td></tr>`)}
</tbody></table>`;
}

/** Per entity and location from the reconciler's `GET /status` (counts only), and the lag per stage. */
export function reconcilerProgress(read: ReconcilerStatusRead | null): Html {
  if (!read) return html`<p id="reconciler-unset">Per location: set <code>P2Z_CONTROL_RECONCILER_URL</code> to the reconciler's ops URL.</p>`;
  if (!read.ok) return html`<div class="banner warn" id="reconciler-unreachable">The reconciler at <code>${read.url}</code> does not answer (${read.error}): no counts per entity and location.</div>`;
  const { status } = read;
  const counts = (c: LocationCounts | EntityCounts) => html`<td class="conf">${c.extracted}</td><td class="conf">${c.normalized}</td><td class="conf">${c.resolved}</td><td class="conf">${c.written}</td><td class="conf">${c.failed}</td>`;
  const rows = status.entities.map(
    (e) => html`<tr class="entity" data-entity="${e.entity}"><td><b>${e.entity}</b></td><td>all</td>${counts(e)}<td class="conf">${e.lag}</td></tr>
${(e.locations ?? []).map((l) => html`<tr class="location" data-entity="${e.entity}" data-location="${l.locationId}"><td>${e.entity}</td><td>${l.locationId}</td>${counts(l)}<td class="conf">—</td></tr>`)}`,
  );
  const { stages, byEntity } = lagByStage(status);
  const lagRows = [...byEntity].map(([entity, perStage]) => html`<tr><td>${entity}</td>${stages.map((stage) => html`<td class="conf">${perStage.get(stage) ?? 0}</td>`)}</tr>`);
  return html`<h2>Per entity and location</h2>
<p><small>From the reconciler's read model and Kafka offsets at ${when(status.generatedAtMs)} (no Zoho call). Failed: dead letters and failed writes per entity; per location only failed writes (dead letters carry no location).</small></p>
<table id="locations"><thead><tr><th>entity</th><th>location</th><th>extracted</th><th>normalized</th><th>resolved</th><th>written</th><th>failed</th><th>lag</th></tr></thead><tbody>
${rows}</tbody></table>
<h2>Lag per stage</h2>
<table id="stage-lag"><thead><tr><th>entity</th>${stages.map((stage) => html`<th>${stage}</th>`)}</tr></thead><tbody>
${lagRows}</tbody></table>`;
}

/**
 * Progress: per entity and location from the reconciler's `GET /status`, and per service from the
 * services' own metrics (records in/out per entity, lag per group). Rate, ETA and credits per entity
 * are the CLI's progress bars (migrate, sample, rollback, cutover).
 */
export function progressPage(urls: string[], scraped: { progress: ServiceProgress; unreachable: string[] } | null, reconciler: ReconcilerStatusRead | null = null): Html {
  const note = html`<p><small>Rate, ETA and credits per entity: <code>npx panda2zoho migrate</code> (and <code>sample</code>, <code>rollback</code>, <code>cutover</code>) draw them; Grafana's <b>panda2zoho pipeline</b> dashboard has the history.</small></p>`;
  const perLocation = reconcilerProgress(reconciler);
  if (!scraped) return html`${perLocation}<p>No services to read: set <code>P2Z_CONTROL_METRICS_URLS</code> to their ops URLs.</p>${note}`;
  const { progress, unreachable } = scraped;
  return html`${perLocation}<h2>Per service</h2>${unreachable.length > 0 ? html`<div class="banner warn">Not answering: ${unreachable.join(', ')}</div>` : ''}
<p><small>Read now from ${urls.length} service(s).</small></p>
<table id="progress"><thead><tr><th>service</th><th>entity</th><th>in</th><th>ok</th><th>skipped</th><th>dead-lettered</th></tr></thead><tbody>
${progress.entities.map((e) => html`<tr><td>${e.service}</td><td>${e.entity}</td><td class="conf">${e.in}</td><td class="conf">${e.ok}</td><td class="conf">${e.skipped}</td><td class="conf">${e.deadLettered}</td></tr>`)}
</tbody></table>
<table id="lag"><thead><tr><th>service</th><th>consumer group</th><th>lag (offsets)</th></tr></thead><tbody>
${progress.lag.map((l) => html`<tr><td>${l.service}</td><td>${l.consumergroup}</td><td class="conf">${l.lag}</td></tr>`)}
</tbody></table>${note}`;
}

export function auditList(state: { audit: Array<{ actor: string; action: string; subject: string; atMs: number; via: string }> }): Html {
  if (state.audit.length === 0) return html`<p>No operator actions recorded yet.</p>`;
  return html`<h2>Recent operator actions</h2><table id="audit"><thead><tr><th>when</th><th>who</th><th>action</th><th>subject</th><th>via</th></tr></thead><tbody>
${state.audit.slice(0, 10).map((a) => html`<tr><td>${when(a.atMs)}</td><td>${a.actor}</td><td>${a.action}</td><td><code>${a.subject}</code></td><td>${a.via}</td></tr>`)}</tbody></table>`;
}

export function loginPage(message: string | null): Html {
  return html`${message ? html`<div class="banner warn" id="login-error">${message}</div>` : ''}
<form method="post" action="/login" id="login-form"><p><label>Your name (recorded with every action)<br><input name="actor" id="actor-input" autocomplete="username" required maxlength="64"></label></p>
<p><label>Operator token<br><input name="token" id="token-input" type="password" autocomplete="current-password" required></label></p>
<button type="submit" id="login">Sign in</button></form>`;
}

