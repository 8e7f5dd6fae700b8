import { fileURLToPath } from 'node:url';
import { kafkaBrokers, registryUrl, stackConfigFromEnv } from '@panda2zoho/local-stack';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface TestStack {
  brokers: string[];
  registryUrl: string;
}

/**
 * The real Kafka and registry the suites run against: P2Z_TEST_KAFKA_BROKERS / P2Z_TEST_REGISTRY_URL
 * when given (another stack, testcontainers), else the native local stack that `npm test` starts.
 */
export function testStack(): TestStack {
  const cfg = stackConfigFromEnv(REPO_ROOT);
  return {
    brokers: process.env['P2Z_TEST_KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(cfg),
    registryUrl: process.env['P2Z_TEST_REGISTRY_URL'] ?? registryUrl(cfg),
  };
}

/** A name no other test run uses: topics, groups and subjects are isolated per test. */
export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

/** `what` may be a function, for a message built at failure time (e.g. the services' latest logs). */
export async function eventually<T>(what: string | (() => string), probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}${last ? `: ${String(last)}` : ''}`);
}
