/** The sum of a Prometheus metric's series on a service's /metrics (e.g. the writer's credits), or null when it does not answer. */
export async function metricSum(baseUrl: string, metric: string): Promise<number | null> {
  try {
    const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) return null;
    let sum = 0;
    for (const line of (await res.text()).split('\n')) {
      if (!line.startsWith(metric) || (line[metric.length] !== '{' && line[metric.length] !== ' ')) continue;
      const value = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (Number.isFinite(value)) sum += value;
    }
    return sum;
  } catch {
    return null;
  }
}

/** The writer's credits spent, read at most every `everyMs` (progress bars poll faster than that). */
export function writerCredits(baseUrl: string, everyMs = 2_000): () => Promise<number | null> {
  let last: { at: number; value: number | null } | null = null;
  return async () => {
    if (last && Date.now() - last.at < everyMs) return last.value;
    last = { at: Date.now(), value: await metricSum(baseUrl, 'p2z_zoho_credits_used_total') };
    return last.value;
  };
}

/** The writer's ops URL: P2Z_WRITER_URL, else the local stack's port. */
export function writerUrl(localPort: number): string {
  return process.env['P2Z_WRITER_URL'] ?? `http://127.0.0.1:${localPort}`;
}
