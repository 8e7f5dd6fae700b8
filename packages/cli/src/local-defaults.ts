import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kafkaBrokers, registryUrl, stackConfigFromEnv, type StackConfig } from '@panda2zoho/local-stack';
import type { PipelineSettings } from './pipeline-services.ts';

/** The repository root (this file is packages/cli/src/local-defaults.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Loopback ports of the embedded default; each can be overridden by environment. */
export const LOCAL_PORTS = {
  zohoEmulator: Number(process.env['P2Z_ZOHO_EMULATOR_PORT'] ?? 18090),
  services: {
    extractor: Number(process.env['P2Z_EXTRACTOR_PORT'] ?? 18101),
    normalizer: Number(process.env['P2Z_NORMALIZER_PORT'] ?? 18102),
    deduper: Number(process.env['P2Z_DEDUPER_PORT'] ?? 18103),
    'zoho-writer': Number(process.env['P2Z_ZOHO_WRITER_PORT'] ?? 18104),
    reconciler: Number(process.env['P2Z_RECONCILER_PORT'] ?? 18105),
  },
};

export const LOCAL_ZOHO_CLIENT = { clientId: 'p2z-local-client', clientSecret: 'p2z-local-secret', refreshToken: 'p2z-local-refresh-token' };

export function localStackConfig(): StackConfig {
  return stackConfigFromEnv(REPO_ROOT);
}

export function reconcilerUrl(): string {
  return process.env['P2Z_RECONCILER_URL'] ?? `http://127.0.0.1:${LOCAL_PORTS.services.reconciler}`;
}

/** A per-install dedupe secret, created once under the state folder and kept (changing it changes every contact key). */
export function localDedupeSecret(cfg: StackConfig): string {
  const file = path.join(cfg.stateDir, 'dedupe-secret');
  if (!existsSync(file)) {
    mkdirSync(cfg.stateDir, { recursive: true });
    writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

export function localPipelineSettings(cfg: StackConfig, databases: string[]): PipelineSettings {
  return {
    brokers: kafkaBrokers(cfg),
    registryUrl: registryUrl(cfg),
    namespace: process.env['P2Z_TOPIC_NAMESPACE'] ?? 'p2z',
    debeziumPrefix: process.env['DEBEZIUM_TOPIC_PREFIX'] ?? 'panda',
    databases,
    zoho: { accountsUrl: `http://127.0.0.1:${LOCAL_PORTS.zohoEmulator}`, ...LOCAL_ZOHO_CLIENT },
    dedupeSecret: localDedupeSecret(cfg),
    httpPorts: LOCAL_PORTS.services,
    logLevel: process.env['LOG_LEVEL'] ?? 'info',
  };
}
