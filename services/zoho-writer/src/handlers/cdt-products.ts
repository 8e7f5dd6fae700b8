import type { ZohoOperationRecorded } from '@panda2zoho/events';
import type { ZohoItemResult } from '@panda2zoho/zoho';
import type { LedgerWriter } from '../adapters/ledger-writer.ts';
import type { ZohoGateway } from '../adapters/zoho-gateway.ts';
import { CDT_PRODUCT_ENTITY, CDT_PRODUCT_KEY_FIELD, PRODUCTS_MODULE, productKey, productRecord, type CdtProduct } from '../domain/cdt-products.ts';
import type { IdIndex } from '../domain/id-index.ts';
import { encodeSentFields, intentEntry, itemFacts, outcomeEntry, type LedgerOperation } from '../domain/ledger-entries.ts';

/** ZOHO_CDT_CODES=products: what linking needs (the ledger-built index holds code → Product id and each Deal's links). */
export interface CdtProductsDeps {
  gateway: ZohoGateway;
  ledger: LedgerWriter;
  index: IdIndex;
  runId: string;
  now: () => number;
}

/** A treatment plan whose Deal was just written: its codes now (all of them; an empty list unlinks every code). */
export interface DealProducts {
  /** The chunk position whose outcome carries a failure. */
  message: number;
  dealId: string;
  /** The plan's recordKey and location, and the events written: the LINK/UNLINK entries carry them. */
  recordKey: string;
  locationId: string | null;
  sourceEventIds: string[];
  products: CdtProduct[];
}

export interface LinkFailure {
  code: string;
  reason: string;
}

function operation(over: Pick<LedgerOperation, 'operation' | 'recordKey' | 'externalId' | 'intendedResult'> & Partial<LedgerOperation>): LedgerOperation {
  return {
    module: PRODUCTS_MODULE, externalIdField: CDT_PRODUCT_KEY_FIELD, entity: CDT_PRODUCT_ENTITY, locationId: null, memberKeys: [], parentModule: null, parentZohoId: null,
    zohoId: null, sentFields: {}, existedBefore: false, beforeImage: null, sourceEventIds: [], ...over,
  };
}

const zohoCode = (item: ZohoItemResult) => `${item.code}${typeof item.details['api_name'] === 'string' ? ` on ${item.details['api_name']}` : ''}`;

/**
 * Upserts, by PANDA_CDT_Code, the Products of the codes the ledger does not know yet (the index is
 * fed by the ledger, so a restarted writer upserts no known code again); then per Deal links the
 * codes' Products the ledger does not say are linked (one PUT /crm/v8/Deals/{id}/Products) and
 * unlinks the codes the ledger says are linked but the plan no longer has (one DELETE
 * /crm/v8/Deals/{id}/Products/{product id} each). The ledger, not a read of the Deal's related list,
 * says what is linked: it costs no call, and it knows only the links the migration made, so a Product
 * someone linked by hand in Zoho is never removed.
 *
 * Ledgered like every write: INTENTs (acknowledged) before the calls, OUTCOMEs after them. These
 * OUTCOMEs are produced as soon as the calls return (idempotent producer), not with the chunk's
 * offsets: a Product serves many plans, and when a later call of the chunk fails transiently and the
 * chunk is retried, the index already knows the Product and the link, so the retry would never
 * record them again. A crash between a call and its outcome is resolved at start (intent-recovery).
 *
 * Per-item results: a refused Product, link or unlink fails only the deals concerned, with Zoho's code.
 */
export async function linkCdtProducts(deps: CdtProductsDeps, deals: DealProducts[]): Promise<Map<number, LinkFailure>> {
  const failures = new Map<number, LinkFailure>();
  const fail = (message: number, failure: LinkFailure) => {
    if (!failures.has(message)) failures.set(message, failure);
  };
  const outcomes: ZohoOperationRecorded[] = [];
  const learn = (op: LedgerOperation, item: ZohoItemResult, success: 'INSERTED' | 'DELETED' | undefined, zohoId: string | null) => {
    const facts = itemFacts(item, item.status === 'success' ? success : undefined);
    if (zohoId !== null && facts.result !== 'FAILED') facts.zohoId = zohoId;
    const entry = outcomeEntry(deps.runId, op, facts, deps.now());
    deps.index.apply(entry);
    outcomes.push(entry);
    return facts;
  };
  try {
    // 1. Products the ledger does not know, each code once (the first plan that needs it names the call).
    const wanted = new Map<string, { product: CdtProduct; deal: DealProducts }>();
    for (const d of deals) for (const p of d.products) if (!deps.index.get(productKey(p.code)) && !wanted.has(p.code)) wanted.set(p.code, { product: p, deal: d });
    const refused = new Map<string, LinkFailure>();
    const todo = [...wanted.values()];
    for (let start = 0; start < todo.length; start += 100) {
      const slice = todo.slice(start, start + 100);
      const ops = slice.map(({ product, deal }) =>
        operation({
          operation: 'UPSERT', recordKey: productKey(product.code), externalId: product.code, sourceEventIds: deal.sourceEventIds,
          intendedResult: deps.index.get(productKey(product.code)) ? 'UPDATED' : 'INSERTED', sentFields: encodeSentFields(productRecord(product)),
        }),
      );
      await deps.ledger.record(ops.map((op) => intentEntry(deps.runId, op, deps.now())));
      const items = await deps.gateway.upsert(PRODUCTS_MODULE, slice.map(({ product }) => productRecord(product)), CDT_PRODUCT_KEY_FIELD);
      slice.forEach(({ product }, i) => {
        const item = items[i]!;
        if (learn(ops[i]!, item, undefined, null).result === 'FAILED') refused.set(product.code, { code: item.code, reason: `Zoho refused the Products record of CDT code ${product.code}: ${zohoCode(item)}` });
      });
    }
    for (const d of deals) {
      const bad = d.products.map((p) => refused.get(p.code)).find((f) => f !== undefined);
      if (bad) fail(d.message, bad);
    }

    // 2. Per deal: what to link and unlink, by the ledger; every intent acknowledged before any call.
    const plans = deals.map((d) => {
      const linked = deps.index.linksOf(d.dealId);
      const linkedIds = new Set(linked.keys());
      const codes = new Set(d.products.map((p) => p.code));
      const common = { recordKey: d.recordKey, locationId: d.locationId, sourceEventIds: d.sourceEventIds, parentModule: 'Deals', parentZohoId: d.dealId };
      const link = d.products.flatMap((p) => {
        const id = deps.index.get(productKey(p.code))?.zohoId;
        return id && !linkedIds.has(id) ? [operation({ ...common, operation: 'LINK', externalId: p.code, zohoId: id, intendedResult: 'INSERTED' })] : [];
      });
      const unlink = [...linked].flatMap(([id, code]) => (codes.has(code) ? [] : [operation({ ...common, operation: 'UNLINK', externalId: code, zohoId: id, intendedResult: 'DELETED' })]));
      return { d, link, unlink };
    });
    const intents = plans.flatMap(({ link, unlink }) => [...link, ...unlink]);
    if (intents.length > 0) await deps.ledger.record(intents.map((op) => intentEntry(deps.runId, op, deps.now())));
    for (const { d, link, unlink } of plans) {
      for (let start = 0; start < link.length; start += 100) {
        const slice = link.slice(start, start + 100);
        const items = await deps.gateway.relate('Deals', d.dealId, PRODUCTS_MODULE, slice.map((op) => op.zohoId!));
        slice.forEach((op, i) => {
          const item = items[i]!;
          if (learn(op, item, 'INSERTED', op.zohoId).result === 'FAILED') fail(d.message, { code: item.code, reason: `Zoho refused to link CDT code ${op.externalId} to the Deal: ${zohoCode(item)}` });
        });
      }
      for (const op of unlink) {
        const item = await deps.gateway.unrelate('Deals', d.dealId, PRODUCTS_MODULE, op.zohoId!);
        if (learn(op, item, 'DELETED', op.zohoId).result === 'FAILED') fail(d.message, { code: item.code, reason: `Zoho refused to unlink CDT code ${op.externalId} from the Deal: ${zohoCode(item)}` });
      }
    }
  } finally {
    // Also when a call failed transiently and the chunk will be retried: what Zoho did is in the index already.
    if (outcomes.length > 0) await deps.ledger.record(outcomes);
  }
  return failures;
}
