import type { DetachedRecord, DetachedSpec } from './supervisor.ts';

/** What the stack needs to know to start, check and stop one JVM it manages. */
export interface StackComponent {
  name: 'kafka' | 'registry';
  /** The port clients use (shown in status). */
  port: number;
  /** Every port it binds; all must be free before a start. */
  binds: number[];
  readyTimeoutMs: number;
  /** SIGTERM → SIGKILL grace on stop. */
  stopGraceMs: number;
  /** One-time preparation (config files, storage format) and the command to run. */
  prepare(log: (line: string) => void): Promise<DetachedSpec>;
  /** Whether the running process `rec` serves requests. */
  isReady(rec: DetachedRecord): Promise<boolean>;
}
