/**
 * Progress from the services' Prometheus text (`/metrics`): per service and entity, records handed in
 * and records out by outcome, and consumer lag per group. Labels carry topics, entities and outcomes,
 * never record data (docs/architecture.md, Metrics), so the page can show them as they are.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseMetricsText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    const value = Number(m[3]);
    if (Number.isFinite(value)) samples.push({ name: m[1]!, labels, value });
  }
  return samples;
}

export interface EntityProgress {
  service: string;
  entity: string;
  in: number;
  ok: number;
  skipped: number;
  deadLettered: number;
}

export interface ServiceProgress {
  entities: EntityProgress[];
  lag: Array<{ service: string; consumergroup: string; lag: number }>;
}

export function summarizeProgress(samples: Sample[]): ServiceProgress {
  const entities = new Map<string, EntityProgress>();
  const row = (service: string, entity: string) => {
    const key = `${service}\u0000${entity}`;
    let r = entities.get(key);
    if (!r) {
      r = { service, entity, in: 0, ok: 0, skipped: 0, deadLettered: 0 };
      entities.set(key, r);
    }
    return r;
  };
  const lag = new Map<string, { service: string; consumergroup: string; lag: number }>();
  for (const s of samples) {
    const service = s.labels['service'] ?? '?';
    if (s.name === 'p2z_records_in_total') row(service, s.labels['entity'] ?? '?').in += s.value;
    else if (s.name === 'p2z_records_out_total') {
      const r = row(service, s.labels['entity'] ?? '?');
      if (s.labels['outcome'] === 'ok') r.ok += s.value;
      else if (s.labels['outcome'] === 'skipped') r.skipped += s.value;
      else if (s.labels['outcome'] === 'dead-lettered') r.deadLettered += s.value;
    } else if (s.name === 'kafka_consumergroup_lag') {
      const group = s.labels['consumergroup'] ?? '?';
      const key = `${service}\u0000${group}`;
      const current = lag.get(key) ?? { service, consumergroup: group, lag: 0 };
      current.lag += s.value;
      lag.set(key, current);
    }
  }
  const byName = <T extends { service: string }>(a: T, b: T) => a.service.localeCompare(b.service);
  return { entities: [...entities.values()].sort((a, b) => byName(a, b) || a.entity.localeCompare(b.entity)), lag: [...lag.values()].sort((a, b) => byName(a, b) || a.consumergroup.localeCompare(b.consumergroup)) };
}
