import type { NormalizedPatient, PatientGuarantor } from '@panda2zoho/events';
import { zohoDateTime } from './record-mapping.ts';
import { RECORD_TYPE_PATIENT } from './zoho-schema.ts';

/**
 * PANDA patient → Zoho Contact: the fields the migration owns. Their names are the Contacts entry of
 * the shared catalogue (@panda2zoho/mapping WRITER_FIELDS) the field map's proposer takes its targets
 * from; a unit test keeps the two equal.
 */
export const CONTACTS_MODULE = 'Contacts';
export const EXTERNAL_ID_FIELD = 'PANDA_Patient_Key';

function joinLines(...parts: Array<string | null>): string | null {
  const present = parts.filter((p): p is string => p !== null && p !== '');
  return present.length > 0 ? present.join(', ') : null;
}

/**
 * A phone as people read it (the normalizer's display form: national for the practice's country,
 * international otherwise); an event from before the display form (PatientResolved < v4) gives E.164.
 */
function phoneForPeople(display: string | null | undefined, e164: string | null): string | null {
  return display ?? e164;
}

/**
 * PANDA_Guarantor: "Name (Relation)", "Name" without a relation, "(Relation)" without a name (a Self
 * guarantor may have none). The normalizer keeps the name ≤120 and the relation ≤30, so the value
 * fits the field's 255. The name is PHI: this value is sent to Zoho, never logged.
 */
export function guarantorText(g: PatientGuarantor | null): string | null {
  if (!g || (g.name === null && g.relation === null)) return null;
  if (g.relation === null) return g.name;
  return g.name === null ? `(${g.relation})` : `${g.name} (${g.relation})`;
}

/**
 * Owned fields are always sent, null included: a value removed in PANDA is removed in Zoho. Fields
 * not listed here are never sent, so edits made in Zoho to them survive every update. Phones go in
 * their display form ("(312) 555-0147"); E.164 stays in the events for matching and search.
 */
export function toContactRecord(
  contactKey: string,
  p: NormalizedPatient,
  insuranceCarrier: string | null = null,
  guarantor: PatientGuarantor | null = null,
): Record<string, unknown> {
  return {
    [EXTERNAL_ID_FIELD]: contactKey,
    First_Name: p.firstName,
    PANDA_Middle_Name: p.middleName,
    Last_Name: p.lastName,
    PANDA_Preferred_Name: p.preferredName,
    Email: p.email,
    // Phone stays the number to call (home, else work); Home_Phone keeps the home number as such. People read
    // the national display form; E.164 stays in the events for matching.
    Phone: p.homePhoneE164 !== null ? phoneForPeople(p.homePhoneDisplay, p.homePhoneE164) : phoneForPeople(p.workPhoneDisplay, p.workPhoneE164),
    Home_Phone: phoneForPeople(p.homePhoneDisplay, p.homePhoneE164),
    Mobile: phoneForPeople(p.mobilePhoneDisplay, p.mobilePhoneE164),
    Date_of_Birth: p.dateOfBirth,
    Mailing_Street: joinLines(p.addressLine1, p.addressLine2),
    Mailing_City: p.city,
    Mailing_State: p.state,
    Mailing_Zip: p.postalCode,
    Mailing_Country: p.country,
    PANDA_Sex: p.sex,
    PANDA_Status: p.status,
    PANDA_Chart_Number: p.chartNumber,
    PANDA_Record_Type: RECORD_TYPE_PATIENT,
    PANDA_Insurance: insuranceCarrier,
    PANDA_Guarantor: guarantorText(guarantor),
    Source_Created_Time: zohoDateTime(p.sourceCreatedAt),
    Source_Modified_Time: zohoDateTime(p.sourceModifiedAt),
  };
}
