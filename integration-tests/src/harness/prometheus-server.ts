import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.ts';
import { eventually } from './test-stack.ts';

/** A Prometheus tool (prometheus, promtool) on PATH or in /usr/bin, or a failure saying how to get it. */
export function prometheusTool(name: 'prometheus' | 'promtool'): string {
  const candidates = [...(process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name)), `/usr/bin/${name}`];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next candidate
    }
  }
  throw new Error(`${name} not found on PATH or in /usr/bin: install the Debian package "prometheus" (apt-get install prometheus; .ci/run does)`);
}

export interface PrometheusQueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  url: string;
  /** Instant query through the HTTP API; throws on a PromQL error. */
  query(expr: string): Promise<PrometheusQueryResult[]>;
  get(pathAndQuery: string): Promise<unknown>;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * A real Prometheus server scraping the given targets every second, with its TSDB and config in a temp
 * dir that stop() removes. `jobs` maps a job name (our service names) to host:port targets.
 */
export async function startPrometheus(options: { jobs: Record<string, string[]>; ruleFiles?: string[] }): Promise<RunningPrometheus> {
  const binary = prometheusTool('prometheus');
  const dir = mkdtempSync(path.join(tmpdir(), 'p2z-prometheus-'));
  const port = await freePort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    ...(options.ruleFiles?.length ? ['rule_files:', ...options.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`)] : []),
    'scrape_configs:',
    ...Object.entries(options.jobs).flatMap(([job, targets]) => [
      `  - job_name: ${JSON.stringify(job)}`,
      '    static_configs:',
      `      - targets: ${JSON.stringify(targets)}`,
    ]),
  ].join('\n');
  writeFileSync(path.join(dir, 'prometheus.yml'), config + '\n');
  const check = spawnSync(prometheusTool('promtool'), ['check', 'config', path.join(dir, 'prometheus.yml')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`generated prometheus.yml is invalid:\n${check.stdout}${check.stderr}`);

  const output: string[] = [];
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const logs = () => output.join('').split('\n').slice(-30).join('\n');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await eventually(`prometheus ready at ${url}\n${logs()}`, async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}`);
      return (await fetch(`${url}/-/ready`)).ok;
    }, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }

  const get = async (pathAndQuery: string) => {
    const response = await fetch(`${url}${pathAndQuery}`);
    const body = (await response.json()) as { status: string; data: unknown; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${pathAndQuery}: ${body.error ?? response.status}`);
    return body.data;
  };
  return {
    url,
    get,
    query: async (expr) => {
      const data = (await get(`/api/v1/query?query=${encodeURIComponent(expr)}`)) as { resultType: string; result: PrometheusQueryResult[] };
      return data.resultType === 'vector' ? data.result : [];
    },
    logs,
    stop,
  };
}
