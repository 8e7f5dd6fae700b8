// The emulated org and its users (the admin plus seeded clinicians). Fixed values so tests and demos are reproducible.
import type { Edition } from './credit-ledger.ts';

export interface UserRef {
  name: string;
  id: string;
}

export const ADMIN_USER = {
  id: '5725767000000411001',
  zuid: '75092197',
  first_name: 'Emulator',
  last_name: 'Admin',
  full_name: 'Emulator Admin',
  email: 'admin@zoho-emulator.local',
} as const;

export const ADMIN_REF: UserRef = { name: ADMIN_USER.full_name, id: ADMIN_USER.id };

export const ORG = {
  id: '5725767000000000001',
  zgid: '800075767',
  company_name: 'PANDA Perio Emulated Practice',
} as const;

/** A user of the emulated org beside the admin (`orgUsers` option; default: SEEDED_USERS). */
export interface OrgUserSeed {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  /** Zoho's statuses: active, disabled, deleted. Default active. */
  status?: 'active' | 'disabled' | 'deleted';
  admin?: boolean;
  /** Invitation accepted; default true. */
  confirm?: boolean;
}

/**
 * The default clinicians of the emulated org: one disabled, one unconfirmed. Tests that need users
 * matching their providers pass their own list.
 */
export const SEEDED_USERS: readonly OrgUserSeed[] = [
  { id: '5725767000000411101', first_name: 'Paula', last_name: 'Perio', email: 'paula.perio@zoho-emulator.local' },
  { id: '5725767000000411102', first_name: 'Harry', last_name: 'Hygienist', email: 'harry.hygienist@zoho-emulator.local' },
  { id: '5725767000000411103', first_name: 'Olive', last_name: 'Office', email: 'olive.office@zoho-emulator.local', admin: true },
  { id: '5725767000000411104', first_name: 'Dan', last_name: 'Departed', email: 'dan.departed@zoho-emulator.local', status: 'disabled' },
  { id: '5725767000000411105', first_name: 'Ivy', last_name: 'Invited', email: 'ivy.invited@zoho-emulator.local', confirm: false },
];

const ADMIN_SEED: Required<OrgUserSeed> = {
  id: ADMIN_USER.id, first_name: ADMIN_USER.first_name, last_name: ADMIN_USER.last_name, email: ADMIN_USER.email, status: 'active', admin: true, confirm: true,
};

/** `GET /crm/v8/users?type=…` values (Zoho's documented list). */
export const USER_TYPES = ['AllUsers', 'ActiveUsers', 'DeactiveUsers', 'ConfirmedUsers', 'NotConfirmedUsers', 'DeletedUsers', 'ActiveConfirmedUsers', 'AdminUsers', 'ActiveConfirmedAdmins', 'CurrentUser'] as const;

/** The org's users: the admin (always, the API's current user) and the seeded ones. */
export class UserDirectory {
  readonly #users: Array<Required<OrgUserSeed>>;

  constructor(seeds: readonly OrgUserSeed[] = SEEDED_USERS) {
    const rest = seeds.filter((u) => u.id !== ADMIN_USER.id).map((u) => ({ status: 'active' as const, admin: false, confirm: true, ...u }));
    this.#users = [ADMIN_SEED, ...rest];
  }

  /** Users of one `type`, in a fixed order (admin first). */
  list(type: (typeof USER_TYPES)[number]): Array<Record<string, unknown>> {
    const pick = this.#users.filter((u) => {
      const active = u.status === 'active';
      switch (type) {
        case 'AllUsers': return u.status !== 'deleted';
        case 'ActiveUsers': return active;
        case 'DeactiveUsers': return u.status === 'disabled';
        case 'ConfirmedUsers': return u.confirm && u.status !== 'deleted';
        case 'NotConfirmedUsers': return !u.confirm && u.status !== 'deleted';
        case 'DeletedUsers': return u.status === 'deleted';
        case 'ActiveConfirmedUsers': return active && u.confirm;
        case 'AdminUsers': return u.admin && u.status !== 'deleted';
        case 'ActiveConfirmedAdmins': return u.admin && active && u.confirm;
        case 'CurrentUser': return u.id === ADMIN_USER.id;
      }
    });
    return pick.map(renderUser);
  }

  get(id: string): Record<string, unknown> | null {
    const user = this.#users.find((u) => u.id === id);
    return user ? renderUser(user) : null;
  }

  /** Owner resolution on writes: only an active user can own records. */
  resolve(id: string): { name: string; id: string; email: string } | null {
    const user = this.#users.find((u) => u.id === id && u.status === 'active');
    return user ? { name: `${user.first_name} ${user.last_name}`, id: user.id, email: user.email } : null;
  }
}

/** Fixed so that repeated calls and restarts render the same user. */
const ADMIN_CREATED_TIME = '2024-01-01T00:00:00+00:00';

export function renderAdminUser(): Record<string, unknown> {
  return renderUser(ADMIN_SEED);
}

function renderUser(u: Required<OrgUserSeed>): Record<string, unknown> {
  const isAdmin = u.id === ADMIN_USER.id;
  return {
    id: u.id,
    zuid: isAdmin ? ADMIN_USER.zuid : u.id.slice(-8),
    first_name: u.first_name,
    last_name: u.last_name,
    full_name: `${u.first_name} ${u.last_name}`,
    email: u.email,
    status: u.status,
    confirm: u.confirm,
    role: isAdmin ? { name: 'CEO', id: '5725767000000000861' } : { name: 'Clinician', id: '5725767000000000862' },
    profile: u.admin ? { name: 'Administrator', id: '5725767000000000497' } : { name: 'Standard', id: '5725767000000000498' },
    locale: 'en_US',
    time_zone: 'Etc/UTC',
    date_format: 'MM/dd/yyyy',
    created_time: ADMIN_CREATED_TIME,
    created_by: { ...ADMIN_REF },
    Modified_By: { ...ADMIN_REF },
    type__s: 'Regular User',
  };
}

export function renderOrg(edition: Edition, users: number): Record<string, unknown> {
  return {
    id: ORG.id,
    zgid: ORG.zgid,
    company_name: ORG.company_name,
    domain_name: 'org' + ORG.zgid,
    primary_email: ADMIN_USER.email,
    primary_zuid: ADMIN_USER.zuid,
    type: 'production',
    country_code: 'US',
    time_zone: 'Etc/UTC',
    currency: 'US Dollar - USD',
    currency_locale: 'en_US',
    currency_symbol: '$',
    iso_code: 'USD',
    mc_status: false,
    hipaa_compliance_enabled: false,
    privacy_settings: false,
    max_per_page: 200,
    license_details: {
      paid: edition !== 'free',
      paid_type: edition,
      paid_expiry: null,
      users_license_purchased: users,
      trial_type: null,
      trial_expiry: null,
    },
  };
}
