// The modules a fresh Zoho CRM org has that the migration touches, with their standard fields.
// Lengths and mandatory flags from reference §2.2/§3 (Zoho "standard fields" help pages).
import type { FieldDataType, FieldDefinition, PickListValue } from './field-definitions.ts';

export type FieldSpec = Omit<FieldDefinition, 'id' | 'lookup' | 'pick_list_values' | 'decimal_place'> & {
  pick_list_values?: PickListValue[];
  decimal_place?: number | null;
  /** Target module of a lookup field; ids are resolved when the org is seeded. */
  lookupModule?: string;
};

export interface ModuleSpec {
  api_name: string;
  singular_label: string;
  plural_label: string;
  sequence_number: number;
  /** System-defined duplicate-check fields used by upsert when duplicate_check_fields is omitted. */
  duplicate_check_fields: string[];
  fields: FieldSpec[];
}

export function field(api_name: string, data_type: FieldDataType, length: number | null, extra: Partial<FieldSpec> = {}): FieldSpec {
  return {
    api_name,
    field_label: api_name.replace(/_/g, ' '),
    data_type,
    length,
    custom_field: false,
    system_mandatory: false,
    read_only: false,
    field_read_only: false,
    unique: null,
    ...extra,
  };
}

function picklist(values: string[]): PickListValue[] {
  return values.map((v, i) => ({ display_value: v, actual_value: v, sequence_number: i + 1 }));
}

const SALUTATIONS = picklist(['-None-', 'Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.']);

export function ownerField(label: string): FieldSpec {
  // Owner is writable by API as {"id": user id} (reference §2.2) but shown read-only in metadata,
  // matching Zoho's OAS example (read_only false, field_read_only true). Defaults to the admin user.
  return field('Owner', 'ownerlookup', 120, { field_label: label, field_read_only: true });
}

export function systemFields(): FieldSpec[] {
  return [
    field('Created_By', 'ownerlookup', 120, { field_label: 'Created By', read_only: true }),
    field('Modified_By', 'ownerlookup', 120, { field_label: 'Modified By', read_only: true }),
    field('Created_Time', 'datetime', 120, { field_label: 'Created Time', read_only: true }),
    field('Modified_Time', 'datetime', 120, { field_label: 'Modified Time', read_only: true }),
  ];
}

export const STANDARD_MODULES: ModuleSpec[] = [
  {
    api_name: 'Leads',
    singular_label: 'Lead',
    plural_label: 'Leads',
    sequence_number: 2,
    duplicate_check_fields: ['Email'],
    fields: [
      ownerField('Lead Owner'),
      field('Salutation', 'picklist', 120, { pick_list_values: SALUTATIONS }),
      field('First_Name', 'text', 40),
      field('Last_Name', 'text', 80, { system_mandatory: true }),
      field('Company', 'text', 100, { system_mandatory: true }),
      field('Email', 'email', 100),
      field('Phone', 'phone', 30),
      field('Mobile', 'phone', 30),
      field('Lead_Status', 'picklist', 120, {
        pick_list_values: picklist(['-None-', 'Not Contacted', 'Attempted to Contact', 'Contacted', 'Junk Lead']),
      }),
      field('Lead_Source', 'picklist', 120, {
        pick_list_values: picklist(['-None-', 'Advertisement', 'Cold Call', 'Employee Referral', 'Web Download']),
      }),
      field('Street', 'text', 250),
      field('City', 'text', 100),
      field('State', 'text', 100),
      field('Zip_Code', 'text', 30),
      field('Country', 'text', 100),
      field('Description', 'textarea', 32000),
      ...systemFields(),
    ],
  },
  {
    api_name: 'Contacts',
    singular_label: 'Contact',
    plural_label: 'Contacts',
    sequence_number: 3,
    duplicate_check_fields: ['Email'],
    fields: [
      ownerField('Contact Owner'),
      field('Salutation', 'picklist', 120, { pick_list_values: SALUTATIONS }),
      field('First_Name', 'text', 40),
      field('Last_Name', 'text', 80, { system_mandatory: true }),
      field('Account_Name', 'lookup', null, { lookupModule: 'Accounts' }),
      field('Email', 'email', 100),
      field('Secondary_Email', 'email', 100),
      field('Phone', 'phone', 30),
      field('Mobile', 'phone', 30),
      field('Home_Phone', 'phone', 30),
      field('Fax', 'phone', 30),
      field('Date_of_Birth', 'date', null),
      field('Mailing_Street', 'text', 250),
      field('Mailing_City', 'text', 100),
      field('Mailing_State', 'text', 100),
      field('Mailing_Zip', 'text', 30),
      field('Mailing_Country', 'text', 100),
      field('Description', 'textarea', 32000),
      ...systemFields(),
    ],
  },
  {
    api_name: 'Accounts',
    singular_label: 'Account',
    plural_label: 'Accounts',
    sequence_number: 4,
    duplicate_check_fields: ['Account_Name'],
    fields: [
      ownerField('Account Owner'),
      field('Account_Name', 'text', 100, { system_mandatory: true }),
      field('Phone', 'phone', 30),
      field('Fax', 'phone', 30),
      field('Website', 'website', 255),
      field('Account_Type', 'picklist', 120, {
        pick_list_values: picklist(['-None-', 'Customer', 'Partner', 'Prospect', 'Vendor', 'Other']),
      }),
      field('Billing_Street', 'text', 250),
      field('Billing_City', 'text', 100),
      field('Billing_State', 'text', 100),
      field('Billing_Code', 'text', 30),
      field('Billing_Country', 'text', 100),
      field('Description', 'textarea', 32000),
      ...systemFields(),
    ],
  },
  {
    api_name: 'Deals',
    singular_label: 'Deal',
    plural_label: 'Deals',
    sequence_number: 5,
    // Zoho's system duplicate-check field for Deals is Deal_Name (upsert docs' table; UNCONFIRMED for v8).
    duplicate_check_fields: ['Deal_Name'],
    fields: [
      ownerField('Deal Owner'),
      field('Deal_Name', 'text', 120, { system_mandatory: true }),
      field('Stage', 'picklist', 120, {
        system_mandatory: true,
        pick_list_values: picklist(['Qualification', 'Needs Analysis', 'Value Proposition', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost']),
      }),
      field('Closing_Date', 'date', null, { system_mandatory: true }),
      // Reference §3 lists Account_Name among Deals' mandatory fields; Zoho's real flag may be layout-level
      // (UNCONFIRMED). Mandatory here on purpose: a writer that passes here also passes where it is optional.
      field('Account_Name', 'lookup', null, { system_mandatory: true, lookupModule: 'Accounts' }),
      field('Contact_Name', 'lookup', null, { lookupModule: 'Contacts' }),
      field('Amount', 'currency', 16),
      field('Description', 'textarea', 32000),
      ...systemFields(),
    ],
  },
  {
    api_name: 'Tasks',
    singular_label: 'Task',
    plural_label: 'Tasks',
    sequence_number: 6,
    duplicate_check_fields: [],
    fields: [
      ownerField('Task Owner'),
      field('Subject', 'text', 255, { system_mandatory: true }),
      field('Due_Date', 'date', null),
      field('Status', 'picklist', 120, {
        pick_list_values: picklist(['Not Started', 'Deferred', 'In Progress', 'Completed', 'Waiting for input']),
      }),
      field('Priority', 'picklist', 120, { pick_list_values: picklist(['High', 'Highest', 'Low', 'Lowest', 'Normal']) }),
      // What_Id has no fixed target: the record's `$se_module` names it (Leads/Accounts/Deals/custom; reference §3).
      field('What_Id', 'lookup', null, { field_label: 'Related To' }),
      field('Who_Id', 'lookup', null, { field_label: 'Contact Name', lookupModule: 'Contacts' }),
      field('Description', 'textarea', 32000),
      ...systemFields(),
    ],
  },
  {
    // The standard Products module (reference §2.2 lists Product_Name as its mandatory field). Deals relate
    // to Products through the Deals' "Products" related list (RelatedRecordsService).
    api_name: 'Products',
    singular_label: 'Product',
    plural_label: 'Products',
    sequence_number: 7,
    // Zoho's system duplicate-check field for Products is Product_Name (upsert docs' table; UNCONFIRMED for v8).
    duplicate_check_fields: ['Product_Name'],
    fields: [
      ownerField('Product Owner'),
      field('Product_Name', 'text', 200, { system_mandatory: true }),
      // Length of Product_Code is UNCONFIRMED (Zoho's UI caps it at 40 characters).
      field('Product_Code', 'text', 40),
      field('Product_Active', 'boolean', null),
      field('Unit_Price', 'currency', 16),
      field('Description', 'textarea', 32000),
      ...systemFields(),
    ],
  },
  {
    // Notes are a module of their own in Zoho (GET /settings/modules lists them); writes go through
    // NotesService because Parent_Id points at a record of any module ({module:{api_name}, id}).
    api_name: 'Notes',
    singular_label: 'Note',
    plural_label: 'Notes',
    sequence_number: 20,
    duplicate_check_fields: [],
    fields: [
      ownerField('Note Owner'),
      // Lengths of Note_Title/Note_Content are UNCONFIRMED (reference §3 only says Note_Content is mandatory).
      field('Note_Title', 'text', 120),
      field('Note_Content', 'textarea', 32000, { system_mandatory: true }),
      // Zoho's data_type for this multi-module lookup is UNCONFIRMED; 'lookup' without a fixed target here.
      field('Parent_Id', 'lookup', null, { field_label: 'Parent ID', system_mandatory: true }),
      ...systemFields(),
    ],
  },
];
