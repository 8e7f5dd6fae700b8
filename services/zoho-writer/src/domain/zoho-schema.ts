import { CDT_PRODUCT_KEY_FIELD } from './cdt-products.ts';

/**
 * What the migration needs in the target org: the PANDA_Charting custom module and the custom fields
 * on Contacts, Accounts, Deals and Tasks. Zoho derives a custom field's api_name from its label
 * (spaces → `_`), so every label here is its api name with spaces: the names the writer sends are
 * the names provisioning creates. Pure data.
 */
export interface FieldSpec {
  api_name: string;
  field_label: string;
  data_type: 'text' | 'textarea' | 'datetime' | 'date' | 'integer' | 'double' | 'boolean' | 'picklist' | 'multiselectpicklist' | 'lookup';
  length?: number;
  unique?: { casesensitive: boolean };
  pick_list_values?: Array<{ display_value: string; actual_value: string }>;
  lookup?: { module: { api_name: string } };
}

/** A section of the module's (first) layout that groups fields together on the record page. */
export interface LayoutSectionSpec {
  label: string;
  /** Field api names, in display order. */
  fields: string[];
}

export interface ModuleSpec {
  module: string;
  /** Added to the module's layout when the org's edition allows layout changes. */
  section?: LayoutSectionSpec;
  /** A custom module provisioning creates (labels ≤25 letters, digits, spaces). */
  custom?: { singular_label: string; plural_label: string };
  fields: FieldSpec[];
}

/**
 * Where a treatment plan's CDT codes go: `picklist`, the Deals' PANDA_CDT_Codes multi-select; or
 * `products`, one record of the standard Products module per code (keyed by PANDA_CDT_Code) linked to
 * the Deal through its Products related list (domain/cdt-products.ts).
 */
export type CdtCodesMode = 'picklist' | 'products';
export const CDT_CODES_MODES = ['picklist', 'products'] as const;

export const CHARTING_MODULE = 'PANDA_Charting';
/** Set instead of deleting under WRITER_DELETE_POLICY=mark. */
export const DELETED_FLAG_FIELD = 'PANDA_Deleted';

function f(apiName: string, dataType: FieldSpec['data_type'], extra: Partial<FieldSpec> = {}): FieldSpec {
  return { api_name: apiName, field_label: apiName.replace(/_/g, ' '), data_type: dataType, ...extra };
}
const key = (apiName: string): FieldSpec => f(apiName, 'text', { length: 120, unique: { casesensitive: true } });
const options = (values: string[]) => values.map((v) => ({ display_value: v, actual_value: v }));
const sourceTimes = [f('Source_Created_Time', 'datetime'), f('Source_Modified_Time', 'datetime')];
const deleted = f(DELETED_FLAG_FIELD, 'boolean');

/** CDT codes offered by the pick-list; periodontal and common restorative codes (Zoho multi-select pick-list). */
export const CDT_PICKLIST_CODES = [
  'D0120', 'D0140', 'D0150', 'D0180', 'D0210', 'D0330', 'D1110', 'D1206', 'D2740', 'D2950', 'D3310', 'D4210', 'D4211',
  'D4240', 'D4241', 'D4249', 'D4260', 'D4261', 'D4263', 'D4264', 'D4265', 'D4266', 'D4267', 'D4270', 'D4273', 'D4275',
  'D4277', 'D4283', 'D4341', 'D4342', 'D4346', 'D4355', 'D4381', 'D4910', 'D4921', 'D6010', 'D6056', 'D6058', 'D6101',
  'D6102', 'D7140', 'D7210', 'D7953', 'D9910', 'D9972',
];

/**
 * The Contact page's "Periodontal" section: the clinical fields (chart number, record type,
 * insurance, guarantor) and the traceability ones (PANDA key, source times, deleted mark) together.
 */
export const PERIODONTAL_SECTION: LayoutSectionSpec = {
  label: 'Periodontal',
  fields: ['PANDA_Chart_Number', 'PANDA_Record_Type', 'PANDA_Sex', 'PANDA_Status', 'PANDA_Middle_Name', 'PANDA_Preferred_Name', 'PANDA_Insurance', 'PANDA_Guarantor', 'PANDA_Patient_Key', 'Source_Created_Time', 'Source_Modified_Time', DELETED_FLAG_FIELD],
};

export const RECORD_TYPE_PATIENT = 'Patient';
export const RECORD_TYPE_REFERRING_DENTIST = 'Referring Dentist';

export function zohoSchema(cdtCodes: CdtCodesMode = 'picklist'): ModuleSpec[] {
  const products: ModuleSpec[] = cdtCodes === 'products' ? [{ module: 'Products', fields: [key(CDT_PRODUCT_KEY_FIELD)] }] : [];
  return [
    {
      module: 'Contacts',
      section: PERIODONTAL_SECTION,
      fields: [
        key('PANDA_Patient_Key'),
        f('PANDA_Chart_Number', 'text', { length: 64 }),
        f('PANDA_Record_Type', 'picklist', { pick_list_values: options([RECORD_TYPE_PATIENT, RECORD_TYPE_REFERRING_DENTIST]) }),
        f('PANDA_Middle_Name', 'text', { length: 64 }),
        f('PANDA_Preferred_Name', 'text', { length: 64 }),
        f('PANDA_Sex', 'text', { length: 32 }),
        f('PANDA_Status', 'text', { length: 64 }),
        f('PANDA_Guarantor', 'text', { length: 255 }),
        f('PANDA_Insurance', 'textarea'),
        ...sourceTimes,
        deleted,
      ],
    },
    { module: 'Accounts', fields: [key('PANDA_Account_Key'), f('PANDA_Email', 'text', { length: 100 }), ...sourceTimes, deleted] },
    {
      module: 'Deals',
      fields: [
        key('PANDA_Deal_Key'),
        ...(cdtCodes === 'picklist' ? [f('PANDA_CDT_Codes', 'multiselectpicklist', { pick_list_values: options(CDT_PICKLIST_CODES) })] : []),
        f('PANDA_Teeth', 'text'),
        f('PANDA_Phases', 'text'),
        f('PANDA_Procedures', 'textarea'),
        f('PANDA_Plan_Status', 'text', { length: 64 }),
        ...sourceTimes,
        deleted,
      ],
    },
    { module: 'Tasks', fields: [key('PANDA_Task_Key'), f('PANDA_Flag_Type', 'text', { length: 64 }), f('PANDA_Flag_Text', 'textarea'), ...sourceTimes, deleted] },
    {
      module: CHARTING_MODULE,
      custom: { singular_label: 'PANDA Chart', plural_label: 'PANDA Charting' },
      fields: [
        key('PANDA_Chart_Key'),
        f('Patient', 'lookup', { lookup: { module: { api_name: 'Contacts' } } }),
        f('Exam_Date', 'date'),
        f('Exam_Type', 'text', { length: 64 }),
        f('Provider', 'text', { length: 120 }),
        f('Compared_To_Exam', 'text', { length: 120 }),
        f('BOP_Percent', 'double'),
        f('Sites_Probed', 'integer'),
        f('Bleeding_Sites', 'integer'),
        f('Max_Probing_Depth_mm', 'integer'),
        f('Max_CAL_mm', 'integer'),
        f('Teeth_Present', 'integer'),
        f('Missing_Teeth', 'text'),
        f('Implants', 'text'),
        f('Tooth_Numbering', 'text', { length: 32 }),
        f('Provisional_Stage', 'text', { length: 64 }),
        f('Provisional_Stage_Basis', 'textarea'),
        f('Clinician_Diagnosis', 'textarea'),
        f('Exam_Notes', 'textarea'),
        f('Tooth_Findings', 'textarea'),
        ...sourceTimes,
        deleted,
      ],
    },
    ...products,
  ];
}
