import { z } from 'zod';

/**
 * The owner map: which Zoho user owns the records of each PANDA provider (Zoho requires owners to be
 * real users). Part of the mapping file, so `map confirm` confirms it and its content is in the
 * version hash. Providers are staff, not patients: their names and e-mails are not PHI.
 */
export const ownerUserSchema = z.strictObject({
  /** Zoho user id. */
  id: z.string().min(1),
  name: z.string(),
  email: z.string().optional(),
});

export const ownerProviderSchema = z.strictObject({
  /** The provider's record key, `<locationId>:provider:<ProviderID>`, as the pipeline names it. */
  provider: z.string().regex(/^[^:]+:provider:[^:]+$/, '<locationId>:provider:<ProviderID>'),
  /** The provider as PANDA knows them (for the reviewer). */
  name: z.string(),
  email: z.string().optional(),
  /** The Zoho user, or null: the provider's records fall back to the default owner and are reported. */
  user: ownerUserSchema.nullable(),
  match: z.enum(['email', 'name', 'none', 'manual']),
  confidence: z.number().min(0).max(1),
  reason: z.string(),
});

export const ownersSchema = z.strictObject({
  /** Owner of records without a provider (referrers, flags) and of those whose provider has no user. */
  default: ownerUserSchema,
  providers: z.array(ownerProviderSchema),
});

export type OwnerUser = z.infer<typeof ownerUserSchema>;
export type OwnerProvider = z.infer<typeof ownerProviderSchema>;
export type OwnerMapSection = z.infer<typeof ownersSchema>;

/** A provider as read from the source (Providers table). */
export interface SourceProvider {
  locationId: string;
  providerId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  active: boolean | null;
}

/** A user of the org (`GET /crm/v8/users`). */
export interface OrgUser {
  id: string;
  firstName: string | null;
  lastName: string | null;
  fullName: string;
  email: string | null;
  active: boolean;
  admin: boolean;
}

const fold = (s: string | null | undefined) =>
  (s ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^(dr\.?|doctor)\s+/, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();

const userRef = (u: OrgUser): OwnerUser => ({ id: u.id, name: u.fullName, ...(u.email ? { email: u.email } : {}) });

/**
 * Proposes provider → user matches: the same e-mail first (case-insensitive), then the same first and
 * last name (accents, case, a "Dr." prefix ignored); only active users; a name shared by several
 * users is not guessed. The default owner: the one given, else the first active admin, else the
 * first active user. Deterministic: the same inputs give the same section.
 */
export function proposeOwners(providers: readonly SourceProvider[], users: readonly OrgUser[], defaultUser?: string): OwnerMapSection {
  const active = users.filter((u) => u.active);
  if (active.length === 0) throw new Error('the org has no active user to own records');
  const chosen = defaultUser
    ? active.find((u) => u.id === defaultUser || (u.email ?? '').toLowerCase() === defaultUser.toLowerCase())
    : (active.find((u) => u.admin) ?? active[0]);
  if (!chosen) throw new Error(`the default owner ${defaultUser} is not an active user of the org`);
  const byEmail = new Map<string, OrgUser[]>();
  const byName = new Map<string, OrgUser[]>();
  for (const u of active) {
    if (u.email) byEmail.set(u.email.toLowerCase(), [...(byEmail.get(u.email.toLowerCase()) ?? []), u]);
    const name = `${fold(u.firstName)}|${fold(u.lastName)}`;
    if (fold(u.lastName) !== '') byName.set(name, [...(byName.get(name) ?? []), u]);
  }
  const sorted = [...providers].sort((a, b) => a.locationId.localeCompare(b.locationId) || Number(a.providerId) - Number(b.providerId) || a.providerId.localeCompare(b.providerId));
  const rows = sorted.map((p): OwnerProvider => {
    const name = [p.firstName, p.lastName].filter((s) => s).join(' ');
    const base = { provider: `${p.locationId}:provider:${p.providerId}`, name, ...(p.email ? { email: p.email } : {}) };
    const mailHits = p.email ? (byEmail.get(p.email.toLowerCase()) ?? []) : [];
    if (mailHits.length === 1) return { ...base, user: userRef(mailHits[0]!), match: 'email', confidence: 0.98, reason: 'same e-mail address' };
    const nameHits = fold(p.lastName) === '' ? [] : (byName.get(`${fold(p.firstName)}|${fold(p.lastName)}`) ?? []);
    if (nameHits.length === 1) return { ...base, user: userRef(nameHits[0]!), match: 'name', confidence: 0.8, reason: 'same first and last name (e-mail differs or is missing): check it' };
    const reason =
      nameHits.length > 1 || mailHits.length > 1
        ? 'several users share this name or e-mail: pick one by hand (set user)'
        : `no active user with this e-mail or name: records fall back to the default owner and are reported${p.active === false ? ' (provider inactive in PANDA)' : ''}`;
    return { ...base, user: null, match: 'none', confidence: 0, reason };
  });
  return { default: userRef(chosen), providers: rows };
}

/** What the writer needs: provider record key → user id, and the default. */
export interface OwnerAssignment {
  defaultUserId: string;
  byProvider: ReadonlyMap<string, string>;
}

export function ownerAssignmentOf(section: OwnerMapSection): OwnerAssignment {
  const byProvider = new Map<string, string>();
  for (const p of section.providers) if (p.user) byProvider.set(p.provider, p.user.id);
  return { defaultUserId: section.default.id, byProvider };
}

export type OwnerDecision = { userId: string; unmappedProvider: string | null };

/**
 * The owner of a record whose provider is `providerKey` (null: the record has none, e.g. a referrer).
 * A provider without a user gets the default owner and is named in `unmappedProvider`, so the caller
 * reports it: never a silent reassignment.
 */
export function ownerFor(assignment: OwnerAssignment, providerKey: string | null): OwnerDecision {
  if (providerKey === null) return { userId: assignment.defaultUserId, unmappedProvider: null };
  const mapped = assignment.byProvider.get(providerKey);
  return mapped ? { userId: mapped, unmappedProvider: null } : { userId: assignment.defaultUserId, unmappedProvider: providerKey };
}
