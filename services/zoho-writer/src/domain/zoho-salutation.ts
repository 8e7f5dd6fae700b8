/**
 * A referring dentist's title → the standard Contacts `Salutation` pick-list. The values are a fresh
 * org's (the emulator's Contacts metadata, services/zoho-emulator standard-modules.ts; "-None-" is
 * the empty choice). Whether Zoho v8 refuses or adds a value outside the list is UNCONFIRMED
 * (reference §2.2), so nothing outside it is ever sent.
 */
export const ZOHO_SALUTATIONS = ['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.'] as const;

export type Salutation = (typeof ZOHO_SALUTATIONS)[number];

/** Spelled-out titles that mean a listed salutation. */
const SPELLED_OUT: Readonly<Record<string, Salutation>> = { doctor: 'Dr.', professor: 'Prof.' };

const BY_KEY: ReadonlyMap<string, Salutation> = new Map([
  ...ZOHO_SALUTATIONS.map((s) => [s.slice(0, -1).toLowerCase(), s] as const),
  ...Object.entries(SPELLED_OUT),
]);

/**
 * `send`: Salutation gets this value (null clears it: a title removed in PANDA is removed in Zoho, as
 * for every owned field). `leave-out`: the title is none of Zoho's (e.g. "Dr. med.", "DDS"); the field
 * is not sent, so whatever the Contact has stays. Not an error: the name fields carry the person.
 */
export type SalutationDecision = { kind: 'send'; value: Salutation | null } | { kind: 'leave-out' };

/** Case and a missing final dot do not matter ("DR", "dr." → "Dr."); nor does white space. */
export function salutationOf(title: string | null): SalutationDecision {
  const key = (title ?? '').trim().replace(/\.$/, '').trim().toLowerCase();
  if (key === '') return { kind: 'send', value: null };
  const value = BY_KEY.get(key);
  return value ? { kind: 'send', value } : { kind: 'leave-out' };
}

/** The record's Salutation entry: `{ Salutation }` to send, `{}` to leave the field alone. */
export function salutationField(title: string | null): { Salutation?: Salutation | null } {
  const decision = salutationOf(title);
  switch (decision.kind) {
    case 'send':
      return { Salutation: decision.value };
    case 'leave-out':
      return {};
  }
}
