import type { NormalizedPatient } from '@panda2zoho/events';

/**
 * The walking skeleton's fixed field map, PANDA patient → Zoho Contact. The mapping issue replaces it
 * with a proposed, human-confirmed map; until then these are the fields the migration owns.
 */
export const CONTACTS_MODULE = 'Contacts';
export const EXTERNAL_ID_FIELD = 'PANDA_Patient_Key';

/** Custom fields the writer provisions on Contacts before the first write. */
export const CONTACT_CUSTOM_FIELDS: Array<{ api_name: string; field_label: string; data_type: string; length?: number; unique?: { casesensitive: boolean } }> = [
  { api_name: EXTERNAL_ID_FIELD, field_label: 'PANDA Patient Key', data_type: 'text', length: 64, unique: { casesensitive: true } },
  { api_name: 'PANDA_Chart_Number', field_label: 'PANDA Chart Number', data_type: 'text', length: 64 },
  { api_name: 'Source_Created_Time', field_label: 'Source Created Time', data_type: 'datetime' },
];

function joinLines(...parts: Array<string | null>): string | null {
  const present = parts.filter((p): p is string => p !== null && p !== '');
  return present.length > 0 ? present.join(', ') : null;
}

/**
 * Owned fields are always sent, null included: a value removed in PANDA is removed in Zoho. Fields
 * not listed here are never sent, so edits made in Zoho to them survive every update.
 */
export function toContactRecord(contactKey: string, p: NormalizedPatient): Record<string, unknown> {
  return {
    [EXTERNAL_ID_FIELD]: contactKey,
    First_Name: p.firstName,
    Last_Name: p.lastName,
    Email: p.email,
    Phone: p.homePhoneE164 ?? p.workPhoneE164,
    Mobile: p.mobilePhoneE164,
    Date_of_Birth: p.dateOfBirth,
    Mailing_Street: joinLines(p.addressLine1, p.addressLine2),
    Mailing_City: p.city,
    Mailing_State: p.state,
    Mailing_Zip: p.postalCode,
    Mailing_Country: p.country,
    PANDA_Chart_Number: p.chartNumber,
    Source_Created_Time: p.sourceCreatedAt,
  };
}
