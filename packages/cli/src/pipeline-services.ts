import path from 'node:path';

export const PIPELINE_SERVICES = ['extractor', 'normalizer', 'deduper', 'zoho-writer', 'reconciler'] as const;
export type PipelineService = (typeof PIPELINE_SERVICES)[number];

export interface PipelineSettings {
  brokers: string[];
  registryUrl: string;
  namespace: string;
  debeziumPrefix: string;
  databases: string[];
  zoho: { accountsUrl: string; clientId: string; clientSecret: string; refreshToken: string };
  dedupeSecret: string;
  httpPorts: Partial<Record<PipelineService, number>>;
  logLevel: string;
  /** Extra settings per service (a sample run: the extractor's scope file, the writer's run id). */
  extraEnv?: Partial<Record<PipelineService, Record<string, string>>>;
}

export interface ServiceProcess {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** The environment each service reads (its config.ts is the reference); only what it needs. */
export function serviceEnv(service: PipelineService, s: PipelineSettings): Record<string, string> {
  return { ...baseServiceEnv(service, s), ...s.extraEnv?.[service] };
}

function baseServiceEnv(service: PipelineService, s: PipelineSettings): Record<string, string> {
  const common = {
    KAFKA_BROKERS: s.brokers.join(','),
    SCHEMA_REGISTRY_URL: s.registryUrl,
    P2Z_TOPIC_NAMESPACE: s.namespace,
    P2Z_INSTANCE_ID: `${service}-0`,
    LOG_LEVEL: s.logLevel,
    HTTP_PORT: String(s.httpPorts[service] ?? 0),
  };
  const zoho = {
    ZOHO_ACCOUNTS_URL: s.zoho.accountsUrl,
    ZOHO_CLIENT_ID: s.zoho.clientId,
    ZOHO_CLIENT_SECRET: s.zoho.clientSecret,
    ZOHO_REFRESH_TOKEN: s.zoho.refreshToken,
  };
  switch (service) {
    case 'extractor':
      return { ...common, DEBEZIUM_TOPIC_PREFIX: s.debeziumPrefix, PANDA_DATABASES: s.databases.join(',') };
    case 'normalizer':
      return common;
    case 'deduper':
      // The operator token, when the operator set one: without it the deduper refuses review decisions.
      return { ...common, DEDUPE_SECRET: s.dedupeSecret, ...(process.env['P2Z_OPERATOR_TOKEN'] ? { P2Z_OPERATOR_TOKEN: process.env['P2Z_OPERATOR_TOKEN'] } : {}) };
    case 'zoho-writer':
      // The operator token, when set: a rollback's compensations are signed with it.
      return { ...common, ...zoho, ...(process.env['P2Z_OPERATOR_TOKEN'] ? { P2Z_OPERATOR_TOKEN: process.env['P2Z_OPERATOR_TOKEN'] } : {}) };
    case 'reconciler':
      return { ...common, ...zoho };
  }
}

/** How to run a service as its own process: node with tsx's loader on the service's main.ts. */
export function serviceProcess(repoRoot: string, service: PipelineService, settings: PipelineSettings): ServiceProcess {
  return {
    name: service,
    command: process.execPath,
    args: ['--import', 'tsx', path.join('services', service, 'src', 'main.ts')],
    env: serviceEnv(service, settings),
    cwd: repoRoot,
  };
}
