// Public entry point of @panda2zoho/zoho-emulator: a real HTTP server emulating Zoho CRM v8
// (accounts token endpoint + CRM API on the same origin; api_domain = url).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorRuntime, type EmulatorState } from './emulator-runtime.ts';
import { createEmulatorApp } from './http/emulator-app.ts';
import { resolveOptions, type ZohoEmulatorOptions } from './options.ts';

export { DEFAULT_CLIENT } from './options.ts';
export { SEEDED_USERS, type OrgUserSeed } from './org-identity.ts';
export type { Edition, FaultConfig, OAuthClientCredentials, ZohoEmulatorOptions } from './options.ts';
export type { EmulatorState, ModuleState } from './emulator-runtime.ts';
export type { FieldDefinition, FieldDataType } from './field-definitions.ts';
export type { WriteLogEntry } from './record-repository.ts';

export interface RunningZohoEmulator {
  /** e.g. http://127.0.0.1:40123 — serves both the accounts (token) endpoint and the API. */
  url: string;
  /** Whole-state snapshot: modules, fields, records (with ids and times), write log, credits. */
  exportState(): EmulatorState;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The origin clients reach the emulator at, from the address the socket actually listens on (not the
 * host name asked for: 'localhost' may bind ::1 while another resolver picks 127.0.0.1). An unspecified
 * bind (0.0.0.0, ::) is reached through loopback. It is the token's api_domain, so a client that
 * honours api_domain, as Zoho says clients must, calls this emulator.
 */
export function listeningUrl(address: AddressInfo, publicUrl?: string): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const unspecified = address.address === '0.0.0.0' || address.address === '::';
  const host = unspecified ? (address.family === 'IPv6' ? '::1' : '127.0.0.1') : address.address;
  return `http://${urlHost(host)}:${address.port}`;
}

export async function startZohoEmulator(options: ZohoEmulatorOptions = {}): Promise<RunningZohoEmulator> {
  const resolved = resolveOptions(options);
  const runtime = new EmulatorRuntime(resolved);
  const hanging = new Set<ServerResponse>();
  let url = '';
  const server = createServer(createEmulatorApp(runtime, () => url, hanging));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(resolved.port, resolved.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    runtime.close();
    throw error;
  }
  url = listeningUrl(server.address() as AddressInfo, resolved.publicUrl);

  let closing: Promise<void> | null = null;
  return {
    url,
    exportState: () => runtime.exportState(),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          runtime.close();
          if (error) reject(error);
          else resolve();
        });
        // Keep-alive sockets and calls held open by a timeout fault would otherwise block close().
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** For the CLI: start, announce the URL on stdout, stop on SIGTERM/SIGINT. */
export async function runZohoEmulatorUntilSignal(options: ZohoEmulatorOptions): Promise<void> {
  const emulator = await startZohoEmulator(options);
  console.log(`zoho-emulator listening on ${emulator.url}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await emulator.close();
}
