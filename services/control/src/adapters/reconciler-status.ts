import type { ReconcilerStatus } from '../domain/reconciler-status.ts';

export type ReconcilerStatusRead = { ok: true; url: string; status: ReconcilerStatus } | { ok: false; url: string; error: string };

/**
 * The reconciler's `GET /status` (its read model and Kafka offsets, no Zoho call): counts per entity
 * and location, lag per stage. A reconciler that does not answer (5 s) is reported, never thrown.
 */
export async function readReconcilerStatus(baseUrl: string): Promise<ReconcilerStatusRead> {
  const url = baseUrl.replace(/\/$/, '');
  try {
    const response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return { ok: false, url, error: `HTTP ${response.status}` };
    const body = (await response.json()) as Partial<ReconcilerStatus>;
    if (!Array.isArray(body.entities)) return { ok: false, url, error: 'not a status answer' };
    return { ok: true, url, status: { generatedAtMs: Number(body.generatedAtMs ?? 0), entities: body.entities, lag: Array.isArray(body.lag) ? body.lag : [] } };
  } catch (error) {
    return { ok: false, url, error: error instanceof Error ? error.message : 'no answer' };
  }
}
