import { parseMetricsText, summarizeProgress, type Sample, type ServiceProgress } from '../domain/pipeline-progress.ts';

/** Reads each service's `/metrics` (2 s each, in parallel); the ones that do not answer are named. */
export async function scrapeProgress(baseUrls: string[]): Promise<{ progress: ServiceProgress; unreachable: string[] }> {
  const unreachable: string[] = [];
  const results = await Promise.all(
    baseUrls.map(async (url): Promise<Sample[]> => {
      try {
        const response = await fetch(`${url.replace(/\/$/, '')}/metrics`, { signal: AbortSignal.timeout(2_000) });
        if (!response.ok) throw new Error(String(response.status));
        return parseMetricsText(await response.text());
      } catch {
        unreachable.push(url);
        return [];
      }
    }),
  );
  return { progress: summarizeProgress(results.flat()), unreachable };
}
