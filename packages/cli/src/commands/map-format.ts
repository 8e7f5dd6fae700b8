import type { MappingConfirmation, MappingDocument, MappingProposal } from '@panda2zoho/mapping';
import { summarize } from '@panda2zoho/mapping';

export interface MappingStateJson {
  confirmed: MappingConfirmation | null;
  confirmations: MappingConfirmation[];
  proposals: Array<Omit<MappingProposal, 'yaml'>>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What `map propose` prints: the version, the counts, each table, and the columns that need a look. */
export function formatMappingSummary(doc: MappingDocument, version: string, file: string, missingModules: string[] | null, published: boolean): string {
  const s = summarize(doc);
  const lines = [
    `mapping ${version}`,
    `written to ${file}${published ? ' and published (MappingProposed)' : ''}`,
    `${s.columns} columns: ${s.mapped} mapped, ${s.excluded} excluded, ${s.unmapped} unmapped`,
    missingModules === null ? 'target: no org metadata (--offline)' : missingModules.length > 0 ? `target: the org has no ${missingModules.join(', ')} (yet)` : 'target: org field metadata read',
    '',
  ];
  for (const t of doc.tables) {
    lines.push(`${t.source} → ${t.entity ?? '(not mapped)'}  ${t.status} ${t.confidence.toFixed(2)}`);
    for (const c of t.columns) {
      if (c.status === 'mapped' && c.confidence >= 0.7) continue;
      const target = c.status === 'mapped' ? `${c.field} → ${c.zoho} (${c.confidence.toFixed(2)})` : c.status;
      lines.push(`  ${c.source.padEnd(24)} ${target}: ${c.reason}`);
    }
  }
  lines.push('', 'Columns not listed above are mapped with confidence ≥ 0.70. Review the file, then: npx panda2zoho map confirm --file ' + file);
  return lines.join('\n');
}

export function formatMappingState(state: MappingStateJson): string {
  const latest = state.proposals.at(-1);
  const lines = [
    state.confirmed ? `confirmed: ${state.confirmed.version} by ${state.confirmed.actor} at ${iso(state.confirmed.atMs)} (${state.confirmed.via})` : 'confirmed: none — nothing will be written to Zoho',
    latest ? `latest proposal: ${latest.version} by ${latest.actor} at ${iso(latest.atMs)} (${latest.summary.mapped} mapped, ${latest.summary.excluded} excluded, ${latest.summary.unmapped} unmapped)` : 'latest proposal: none (npx panda2zoho map propose)',
  ];
  if (latest && state.confirmed && latest.version !== state.confirmed.version) lines.push('the latest proposal is not confirmed yet: npx panda2zoho map confirm');
  return lines.join('\n');
}
