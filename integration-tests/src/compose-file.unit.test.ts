import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from './harness/test-stack.ts';

// These machines have no Docker, so no `docker compose config`: the structure is checked here instead.
type Service = {
  image?: string;
  build?: unknown;
  profiles?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string | null>;
  depends_on?: Record<string, unknown>;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown>; [key: string]: unknown };

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const prometheus = parse(read('deploy/prometheus/prometheus.yml')) as {
  rule_files: string[];
  scrape_configs: Array<{ job_name: string; static_configs?: Array<{ targets: string[] }>; dns_sd_configs?: Array<{ names: string[]; port: number }> }>;
};
const PIPELINE = ['extractor', 'normalizer', 'deduper', 'zoho-writer', 'reconciler'];
const defaultProfile = (s: Service) => !s.profiles || s.profiles.length === 0;

test('top-level keys and every service are what the compose spec allows', () => {
  const allowed = new Set(['name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'include']);
  for (const key of Object.keys(compose)) assert.ok(allowed.has(key) || key.startsWith('x-'), `unknown top-level key ${key}`);
  for (const [name, service] of Object.entries(compose.services)) {
    assert.ok(/^[a-z0-9][a-z0-9_.-]*$/.test(name), `service name ${name}`);
    assert.ok(service.image !== undefined || service.build !== undefined, `${name} has neither image nor build`);
    for (const dependency of Object.keys(service.depends_on ?? {})) assert.ok(compose.services[dependency], `${name} depends on unknown ${dependency}`);
  }
});

test('Prometheus and Grafana run with pinned image versions, in the default profile', () => {
  for (const name of ['prometheus', 'grafana']) {
    const service = compose.services[name];
    assert.ok(service && defaultProfile(service), `${name} missing or behind a profile`);
    assert.match(service.image ?? '', /^[a-z/]+:v?\d+\.\d+\.\d+$/, `${name} image tag must be an exact version`);
  }
});

test('every service prometheus.yml scrapes exists, always runs, and serves /metrics on the scraped port', () => {
  const scraped = new Map<string, number>();
  for (const job of prometheus.scrape_configs) {
    for (const sd of job.dns_sd_configs ?? []) for (const host of sd.names) scraped.set(host, sd.port);
    for (const sc of job.static_configs ?? []) for (const target of sc.targets) scraped.set(target.split(':')[0]!, Number(target.split(':')[1]));
  }
  scraped.delete('localhost'); // Prometheus itself
  assert.deepEqual([...scraped.keys()].sort(), [...PIPELINE].sort(), 'exactly the five pipeline services are scraped');
  for (const [host, port] of scraped) {
    const service = compose.services[host];
    assert.ok(service, `prometheus.yml scrapes ${host}, which docker-compose.yml does not define`);
    assert.ok(defaultProfile(service), `${host} is behind a profile`);
    assert.equal(service.environment?.['HTTP_PORT'], String(port), `${host} serves /metrics on HTTP_PORT`);
    assert.equal(service.environment?.['HTTP_HOST'], '0.0.0.0', `${host} listens beyond its loopback`);
  }
  for (const job of prometheus.scrape_configs.filter((j) => j.job_name !== 'prometheus')) {
    assert.ok(PIPELINE.includes(job.job_name), `job ${job.job_name} is named after its service (alerts and dashboard use it)`);
  }
  const mounts = compose.services['prometheus']?.volumes ?? [];
  assert.ok(mounts.includes('./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro'));
  assert.ok(mounts.includes('./deploy/prometheus/rules:/etc/prometheus/rules:ro'));
  assert.deepEqual(prometheus.rule_files, ['/etc/prometheus/rules/*.yml']);
});

test('Grafana reaches Prometheus by service name, and the dashboard uses the provisioned datasource', () => {
  const datasources = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as { datasources: Array<{ uid: string; url: string }> };
  const [ds] = datasources.datasources;
  assert.equal(ds?.url, 'http://prometheus:9090');
  assert.ok(compose.services['prometheus']?.ports?.some((p) => p.endsWith(':9090')));
  const dashboard = JSON.parse(read('deploy/grafana/dashboards/panda2zoho-pipeline.json')) as { panels: Array<{ type: string; datasource?: { uid: string }; targets?: Array<{ expr: string }> }> };
  const panels = dashboard.panels.filter((p) => p.type !== 'row');
  assert.ok(panels.length > 10);
  for (const panel of panels) {
    assert.equal(panel.datasource?.uid, ds.uid);
    assert.ok((panel.targets ?? []).length > 0 && panel.targets!.every((t) => t.expr.length > 0));
  }
  const home = compose.services['grafana']?.environment?.['GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH'] ?? '';
  assert.ok(home.startsWith('/var/lib/grafana/dashboards/') && existsSync(path.join(REPO_ROOT, 'deploy/grafana/dashboards', path.basename(home))));
});

test('ports are published on loopback only, once each; bind mounts exist; named volumes are declared and used', () => {
  const hostPorts = new Map<string, string>();
  const namedVolumes = new Set<string>();
  for (const [name, service] of Object.entries(compose.services)) {
    for (const port of service.ports ?? []) {
      const match = /^127\.0\.0\.1:\$\{(P2Z_[A-Z_]+_PORT):-(\d+)\}:(\d+)$/.exec(port);
      assert.ok(match, `${name} publishes ${port}: expected 127.0.0.1:\${P2Z_…_PORT:-default}:container`);
      assert.ok(!hostPorts.has(match[2]!), `host port ${match[2]} published twice (${hostPorts.get(match[2]!)} and ${name})`);
      hostPorts.set(match[2]!, name);
    }
    for (const volume of service.volumes ?? []) {
      const source = volume.split(':')[0]!;
      if (source.startsWith('./deploy/')) assert.ok(existsSync(path.join(REPO_ROOT, source)), `${name} mounts missing ${source}`);
      else if (!source.startsWith('.') && !source.startsWith('$') && !source.startsWith('/')) namedVolumes.add(source);
    }
  }
  assert.deepEqual([...namedVolumes].sort(), Object.keys(compose.volumes ?? {}).sort());
});

test('every variable docker-compose.yml reads is documented in .env.example, and the README names every port and volume', () => {
  const envExample = read('.env.example');
  const uncommented = read('docker-compose.yml').replace(/^\s*#.*$/gm, '');
  const variables = new Set([...uncommented.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!));
  for (const service of Object.values(compose.services)) {
    for (const [key, value] of Object.entries(service.environment ?? {})) if (value === null) variables.add(key); // passed through from .env
  }
  for (const name of variables) assert.ok(new RegExp(`^#? ?${name}=`, 'm').test(envExample), `${name} is not in .env.example`);

  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Deploy with compose'));
  assert.ok(readme.includes('## Deploy with compose'), 'README has a "Deploy with compose" section');
  for (const port of read('docker-compose.yml').matchAll(/127\.0\.0\.1:\$\{(P2Z_[A-Z_]+_PORT):-(\d+)\}/g)) {
    assert.ok(section.includes(port[2]!) && section.includes(port[1]!), `README's compose section names port ${port[2]} (${port[1]})`);
  }
  for (const volume of Object.keys(compose.volumes ?? {})) assert.ok(section.includes(volume), `README's compose section names volume ${volume}`);
});
