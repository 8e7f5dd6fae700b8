import type { RunningZohoEmulator } from '@panda2zoho/zoho-emulator';

export type ContactRecord = Record<string, unknown> & { id: string };

/** Contacts as the emulator holds them (its whole-state export), for exact assertions. */
export function contacts(emulator: RunningZohoEmulator): ContactRecord[] {
  const module = emulator.exportState().modules['Contacts'];
  return (module?.records ?? []) as ContactRecord[];
}

export function contactByKey(emulator: RunningZohoEmulator, key: string): ContactRecord | undefined {
  return contacts(emulator).find((c) => c['PANDA_Patient_Key'] === key);
}
