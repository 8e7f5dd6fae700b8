import type { ZohoGateway } from '../adapters/zoho-gateway.ts';
import { CDT_PRODUCT_KEY_FIELD, productRecord, type CdtProduct } from '../domain/cdt-products.ts';

/** ZOHO_CDT_CODES=products: what linking needs besides the gateway. */
export interface CdtProductsState {
  /** CDT code → Products record id, learnt from this process's upserts (a code is upserted once per process). */
  ids: Map<string, string>;
}

export interface DealProducts {
  /** The chunk position whose outcome carries a failure. */
  message: number;
  dealId: string;
  products: CdtProduct[];
}

export interface LinkFailure {
  code: string;
  reason: string;
}

/**
 * Upserts the Products the deals need that this process has not upserted yet (by PANDA_CDT_Code: a
 * replay updates the same record, never a second one), then links each Deal to its codes' Products
 * with one PUT /crm/v8/Deals/{id}/Products per deal (linking again is a no-op in Zoho). Per-item
 * results: a refused product or link fails only the deals that needed it. Unlinking codes a plan no
 * longer has is not done (a plan's codes only grow in PANDA; issue #5 follow-up).
 */
export async function linkCdtProducts(gateway: ZohoGateway, state: CdtProductsState, deals: DealProducts[]): Promise<Map<number, LinkFailure>> {
  const failures = new Map<number, LinkFailure>();
  const wanted = new Map<string, CdtProduct>();
  for (const d of deals) for (const p of d.products) if (!state.ids.has(p.code) && !wanted.has(p.code)) wanted.set(p.code, p);
  const refused = new Map<string, LinkFailure>();
  const todo = [...wanted.values()];
  for (let start = 0; start < todo.length; start += 100) {
    const slice = todo.slice(start, start + 100);
    const items = await gateway.upsert('Products', slice.map(productRecord), CDT_PRODUCT_KEY_FIELD);
    slice.forEach((p, i) => {
      const item = items[i]!;
      const id = item.details['id'];
      if (item.status === 'success' && typeof id === 'string') state.ids.set(p.code, id);
      else refused.set(p.code, { code: item.code, reason: `Zoho refused the Products record of CDT code ${p.code}: ${item.code}${typeof item.details['api_name'] === 'string' ? ` on ${item.details['api_name']}` : ''}` });
    });
  }
  for (const d of deals) {
    const bad = d.products.map((p) => refused.get(p.code)).find((f) => f !== undefined);
    if (bad) failures.set(d.message, bad);
    const ids = d.products.flatMap((p) => (state.ids.has(p.code) ? [{ code: p.code, id: state.ids.get(p.code)! }] : []));
    for (let start = 0; start < ids.length; start += 100) {
      const slice = ids.slice(start, start + 100);
      const items = await gateway.relate('Deals', d.dealId, 'Products', slice.map((s) => s.id));
      items.forEach((item, i) => {
        if (item.status !== 'success' && !failures.has(d.message)) failures.set(d.message, { code: item.code, reason: `Zoho refused to link CDT code ${slice[i]!.code} to the Deal: ${item.code}` });
      });
    }
  }
  return failures;
}
