// Read side of the Records API: get one, list with paging, search, COQL (reference §2.3).
import { executeCoql, type CoqlResult } from './coql-executor.ts';
import { CoqlSyntaxError, parseCoql } from './coql-parser.ts';
import { formatZohoDateTime } from './database.ts';
import { encodePageToken, MAX_PAGE_REACH, MAX_PER_PAGE, PAGE_TOKEN_TTL_MS, parseFieldsParam, parseListParams, type QueryParams } from './list-params.ts';
import type { MetadataRepository, ModuleDefinition } from './metadata-repository.ts';
import { renderRecord, type RecordRepository, type StoredRecord } from './record-repository.ts';
import { criteriaFields, matchesCriteria, parseSearchCriteria, SearchCriteriaError, type SearchCriterion } from './search-criteria.ts';
import { errors, zohoError, ZohoApiError } from './zoho-errors.ts';

export type QueryOutcome = { httpStatus: 200; body: unknown } | { httpStatus: 204 };

export class RecordQueryService {
  readonly #metadata: MetadataRepository;
  readonly #records: RecordRepository;
  readonly #now: () => number;

  constructor(deps: { metadata: MetadataRepository; records: RecordRepository; now: () => number }) {
    this.#metadata = deps.metadata;
    this.#records = deps.records;
    this.#now = deps.now;
  }

  getOne(moduleName: string, id: string, query: QueryParams): QueryOutcome {
    const module = this.#module(moduleName);
    const fields = parseFieldsParam(query['fields'], false);
    if (fields) this.#checkFields(module, fields, 'fields');
    const record = this.#records.get(module.api_name, id);
    // Zoho's answer for an unknown id (204 vs 400 INVALID_DATA) is UNCONFIRMED; 204 as for an empty list.
    if (!record) return { httpStatus: 204 };
    return { httpStatus: 200, body: { data: [this.#render(record, fields)] } };
  }

  list(moduleName: string, query: QueryParams): QueryOutcome {
    const module = this.#module(moduleName);
    const nowMs = this.#now();
    const params = parseListParams(module.api_name, query, nowMs);
    this.#checkFields(module, params.fields, 'fields');

    let page: StoredRecord[];
    let total: number;
    if (params.ids) {
      const wanted = params.ids.map((id) => this.#records.get(module.api_name, id)).filter((r): r is StoredRecord => r !== undefined);
      const key = (r: StoredRecord): string | number => (params.sortBy === 'id' ? r.id : params.sortBy === 'Created_Time' ? r.createdMs : r.modifiedMs);
      wanted.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (params.sortOrder === 'asc' ? 1 : -1));
      total = wanted.length;
      page = wanted.slice(params.offset, params.offset + params.perPage);
    } else {
      total = this.#records.count(module.api_name);
      page = this.#records.list(module.api_name, { sortBy: params.sortBy, sortOrder: params.sortOrder, offset: params.offset, limit: params.perPage });
    }
    if (page.length === 0) return { httpStatus: 204 };

    const more = params.offset + page.length < total;
    const expiry = nowMs + PAGE_TOKEN_TTL_MS;
    const token = (offset: number): string =>
      encodePageToken({ m: module.api_name, o: offset, s: params.sortBy, d: params.sortOrder, e: expiry });
    return {
      httpStatus: 200,
      body: {
        data: page.map((r) => this.#render(r, params.fields)),
        info: {
          per_page: params.perPage,
          count: page.length,
          page: params.page,
          more_records: more,
          next_page_token: more ? token(params.offset + page.length) : null,
          previous_page_token: params.offset > 0 ? token(Math.max(0, params.offset - params.perPage)) : null,
          page_token_expiry: more ? formatZohoDateTime(expiry) : null,
          sort_by: params.sortBy,
          sort_order: params.sortOrder,
          call: false,
          email: false,
        },
      },
    };
  }

  search(moduleName: string, query: QueryParams): QueryOutcome {
    const module = this.#module(moduleName);
    const fields = parseFieldsParam(query['fields'], false);
    if (fields) this.#checkFields(module, fields, 'fields');
    const criterion = this.#searchCriterion(module, query);
    const perPage = Number(query['per_page'] ?? MAX_PER_PAGE);
    const page = Number(query['page'] ?? 1);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) throw new ZohoApiError(400, errors.invalidParam('per_page'));
    if (!Number.isInteger(page) || page < 1) throw new ZohoApiError(400, errors.invalidParam('page'));
    if (page * perPage > MAX_PAGE_REACH) {
      throw new ZohoApiError(400, zohoError('LIMIT_REACHED', `search can reach only the first ${MAX_PAGE_REACH} records`, { limit: MAX_PAGE_REACH }));
    }
    const matching = this.#records
      .all(module.api_name)
      .map((r) => ({ stored: r, rendered: renderRecord(r) }))
      .filter((r) => matchesCriteria(r.rendered, criterion));
    const offset = (page - 1) * perPage;
    const slice = matching.slice(offset, offset + perPage);
    if (slice.length === 0) return { httpStatus: 204 };
    return {
      httpStatus: 200,
      body: {
        data: slice.map((r) => this.#render(r.stored, fields)),
        info: { per_page: perPage, count: slice.length, page, more_records: offset + slice.length < matching.length },
      },
    };
  }

  coql(body: unknown): CoqlResult {
    const selectQuery = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['select_query'] : undefined;
    if (typeof selectQuery !== 'string' || selectQuery.trim() === '') {
      throw new ZohoApiError(400, zohoError('MANDATORY_NOT_FOUND', 'mandatory key not found', { api_name: 'select_query' }));
    }
    let parsed;
    try {
      parsed = parseCoql(selectQuery);
    } catch (error) {
      if (error instanceof CoqlSyntaxError) throw new ZohoApiError(400, zohoError('SYNTAX_ERROR', error.message, error.details));
      throw error;
    }
    return executeCoql(parsed, {
      moduleExists: (m) => this.#metadata.getModule(m) !== undefined,
      fields: (m) => this.#metadata.listFields(m),
      records: (m) => this.#records.all(m).map(renderRecord),
    });
  }

  #searchCriterion(module: ModuleDefinition, query: QueryParams): SearchCriterion {
    try {
      if (query['criteria'] !== undefined) {
        const criterion = parseSearchCriteria(query['criteria']);
        this.#checkFields(module, criteriaFields(criterion), 'criteria');
        return criterion;
      }
      // email= / phone= search every field of that type (reference §2.3).
      for (const [param, type] of [['email', 'email'], ['phone', 'phone']] as const) {
        const value = query[param];
        if (value === undefined) continue;
        const items: SearchCriterion[] = this.#metadata
          .listFields(module.api_name)
          .filter((f) => f.data_type === type)
          .map((f) => ({ kind: 'comparison', field: f.api_name, operator: 'equals', values: [value] }));
        return { kind: 'group', combinator: 'or', items };
      }
    } catch (error) {
      if (error instanceof SearchCriteriaError) {
        throw new ZohoApiError(400, zohoError('INVALID_QUERY', 'Invalid query formed', { reason: error.message, param_name: 'criteria' }));
      }
      throw error;
    }
    throw new ZohoApiError(400, errors.requiredParamMissing('criteria'));
  }

  #module(name: string): ModuleDefinition {
    const module = this.#metadata.getModule(name);
    if (!module) throw new ZohoApiError(400, errors.invalidModule());
    return module;
  }

  #checkFields(module: ModuleDefinition, names: string[], param: string): void {
    const known = new Set(this.#metadata.listFields(module.api_name).map((f) => f.api_name));
    known.add('id');
    // Zoho may silently drop unknown names; rejecting them surfaces typos in the client (UNCONFIRMED).
    const unknown = names.find((n) => !known.has(n));
    if (unknown) {
      const code = param === 'criteria' ? 'INVALID_QUERY' : 'INVALID_DATA';
      throw new ZohoApiError(400, zohoError(code, 'the field api name given seems to be invalid', { api_name: unknown, param_name: param }));
    }
  }

  #render(record: StoredRecord, fields: string[] | null): Record<string, unknown> {
    const full = renderRecord(record);
    if (!fields) return full;
    const out: Record<string, unknown> = {};
    for (const f of fields) out[f] = full[f] ?? null;
    out['id'] = record.id;
    return out;
  }
}
