import type { RecordNormalized } from '@panda2zoho/events';

/**
 * ZOHO_CDT_CODES=products: each CDT code is a record of Zoho's standard Products module, keyed by the
 * PANDA_CDT_Code unique field provisioning adds (upsert by it: one Product per code whatever the
 * replays), and linked to its treatment plan's Deal through the Deals' "Products" related list. Pure.
 */
export const CDT_PRODUCT_KEY_FIELD = 'PANDA_CDT_Code';
export const PRODUCTS_MODULE = 'Products';
/** The ledger's entity of a code's Product (its upserts, and the LINK/UNLINK entries of the Deals' links to it). */
export const CDT_PRODUCT_ENTITY = 'cdt_product';

/** The ledger's recordKey of a code's Product: the id index finds the Product's id by it. */
export function productKey(code: string): string {
  return `cdt:${code}`;
}
/** Zoho's Product_Name is 200 characters (reference §2.2); kept well under. */
const PRODUCT_NAME_MAX = 120;

export interface CdtProduct {
  code: string;
  /** Code, then the procedure description when the plan's procedures give one. */
  name: string;
}

/**
 * A plan's CDT codes (the `cdtCodes` comma list), each named after the first description its
 * `procedures` lines give it (`phase | code | teeth | description | fee | status`, '-' = none).
 */
export function cdtProductsOf(event: RecordNormalized): CdtProduct[] {
  const fields = event.fields ?? {};
  const raw = fields['cdtCodes'];
  const codes = typeof raw === 'string' ? [...new Set(raw.split(',').map((c) => c.trim()).filter((c) => c !== ''))] : [];
  const descriptions = new Map<string, string>();
  const procedures = fields['procedures'];
  if (typeof procedures === 'string') {
    for (const line of procedures.split('\n')) {
      const parts = line.split(' | ').map((p) => p.trim());
      const [code, description] = [parts[1], parts[3]];
      if (parts.length >= 6 && code && description && description !== '-' && !descriptions.has(code)) descriptions.set(code, description);
    }
  }
  return codes.map((code) => {
    const description = descriptions.get(code);
    return { code, name: (description ? `${code} ${description}` : code).slice(0, PRODUCT_NAME_MAX) };
  });
}

/** The Products record upserted for a code. */
export function productRecord(product: CdtProduct): Record<string, unknown> {
  return { [CDT_PRODUCT_KEY_FIELD]: product.code, Product_Code: product.code, Product_Name: product.name, Product_Active: true };
}
