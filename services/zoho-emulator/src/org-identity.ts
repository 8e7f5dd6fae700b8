// The emulated org and its single (admin) user. Fixed values so tests and demos are reproducible.
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

export const USER_IDS: ReadonlySet<string> = new Set([ADMIN_USER.id]);

/** Fixed so that repeated calls and restarts render the same user. */
const ADMIN_CREATED_TIME = '2024-01-01T00:00:00+00:00';

export function renderAdminUser(): Record<string, unknown> {
  return {
    id: ADMIN_USER.id,
    zuid: ADMIN_USER.zuid,
    first_name: ADMIN_USER.first_name,
    last_name: ADMIN_USER.last_name,
    full_name: ADMIN_USER.full_name,
    email: ADMIN_USER.email,
    status: 'active',
    confirm: true,
    role: { name: 'CEO', id: '5725767000000000861' },
    profile: { name: 'Administrator', id: '5725767000000000497' },
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
