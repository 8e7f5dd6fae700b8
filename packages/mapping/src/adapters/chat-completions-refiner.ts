import { parseMapping, toYaml, type MappingDocument } from '../domain/mapping-document.ts';
import type { MappingRefiner } from '../domain/mapping-refiner.ts';

export interface ChatCompletionsRefinerOptions {
  /** An OpenAI-compatible `/v1/chat/completions` URL (P2Z_MAPPING_LLM_URL). */
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
}

const INSTRUCTIONS = [
  'You review a field mapping from a dental practice database (PANDA Perio) to Zoho CRM.',
  'Return the same YAML document, changing only `status`, `field`, `zoho`, `via`, `confidence` and `reason` of columns you are confident are wrong.',
  'Keep every column, never add values, keep reasons to one line and say "refined:" at their start when you changed something.',
].join(' ');

/**
 * Optional LLM refiner for an OpenAI-compatible chat endpoint. Sends the mapping file only (names,
 * targets, value-profile shares: no PHI). Whatever comes back must parse as a mapping file, else the
 * deterministic proposal stands and the error says why (without echoing the answer).
 */
export function chatCompletionsRefiner(options: ChatCompletionsRefinerOptions): MappingRefiner {
  return {
    name: `chat-completions:${options.model}`,
    refine: async (proposal: MappingDocument) => {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
        body: JSON.stringify({ model: options.model, temperature: 0, messages: [{ role: 'system', content: INSTRUCTIONS }, { role: 'user', content: toYaml(proposal) }] }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
      });
      if (!response.ok) throw new Error(`mapping refiner answered HTTP ${response.status}`);
      const body = (await response.json()) as { choices?: Array<{ message?: { content?: string } }> };
      const text = body.choices?.[0]?.message?.content?.replace(/^```(?:yaml)?\n|```\s*$/g, '');
      if (!text) throw new Error('mapping refiner returned no content');
      const refined = parseMapping(text);
      const before = proposal.tables.flatMap((t) => t.columns.map((c) => `${t.source}.${c.source}`)).join('|');
      const after = refined.tables.flatMap((t) => t.columns.map((c) => `${t.source}.${c.source}`)).join('|');
      if (before !== after) throw new Error('mapping refiner changed the list of tables or columns; its answer was discarded');
      return refined;
    },
  };
}
