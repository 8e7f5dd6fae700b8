import type { SampleRecorded } from '@panda2zoho/events';

export interface SampleDecision {
  kind: 'KEPT' | 'ROLLED_BACK';
  actor: string;
  atMs: number;
  via: string;
}

/**
 * The sample migrations as the console shows them: the latest diff (REVIEWED, with patient values:
 * the one page that shows them) and each sample's decision. Only the latest diff is held in memory.
 */
export class SampleReviews {
  latest: SampleRecorded | null = null;
  private readonly decisions = new Map<string, SampleDecision>();
  private readonly runs = new Map<string, number>();

  apply(event: SampleRecorded): void {
    this.runs.set(event.sampleId, Math.max(this.runs.get(event.sampleId) ?? 0, event.atMs));
    if (event.kind === 'REVIEWED') {
      if (!this.latest || event.atMs >= this.latest.atMs) this.latest = event;
      return;
    }
    this.decisions.set(event.sampleId, { kind: event.kind, actor: event.actor, atMs: event.atMs, via: event.via });
  }

  decisionOf(sampleId: string): SampleDecision | null {
    return this.decisions.get(sampleId) ?? null;
  }

  /** Sample run ids, newest first. */
  sampleRuns(): string[] {
    return [...this.runs].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  }
}
