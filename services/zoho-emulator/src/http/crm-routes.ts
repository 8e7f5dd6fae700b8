// HTTP routes of the CRM API under /crm/v8. Handlers only translate HTTP ⇄ service calls.
// Fixed paths (settings, users, org, coql) are registered before the generic /:module routes.
import type { ServerResponse } from 'node:http';
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorRuntime } from '../emulator-runtime.ts';
import type { QueryParams } from '../list-params.ts';
import { renderOrg, USER_TYPES } from '../org-identity.ts';
import { errors, zohoError, ZohoApiError } from '../zoho-errors.ts';
import { apiGate } from './api-gate.ts';
import { isMultipart, readMultipart } from './multipart.ts';

export const MAX_IDS_PER_DELETE = 100;

type Outcome = { httpStatus: number; body?: unknown };

function queryParams(req: Request): QueryParams {
  const out: QueryParams = {};
  for (const [key, value] of Object.entries(req.query)) {
    const first = Array.isArray(value) ? value[0] : value;
    out[key] = typeof first === 'string' ? first : undefined;
  }
  return out;
}

function send(res: Response, outcome: Outcome): void {
  if (outcome.httpStatus === 204) {
    res.status(204).end();
    return;
  }
  res.status(outcome.httpStatus).json(outcome.body);
}

function param(req: Request, name: string): string {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
}

function parseIds(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') throw new ZohoApiError(400, errors.requiredParamMissing('ids'));
  const ids = raw.split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (ids.length > MAX_IDS_PER_DELETE) throw new ZohoApiError(400, errors.limitExceeded('ids', MAX_IDS_PER_DELETE));
  return ids;
}

function relatedIds(body: unknown): string[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new ZohoApiError(400, errors.requiredParamMissing('data'));
  return data.map((item) => {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id === '') throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the related record id is missing', { api_name: 'id' }));
    return id;
  });
}

export function crmRouter(runtime: EmulatorRuntime, hanging: Set<ServerResponse>): Router {
  const router = express.Router();
  // Zoho parses a JSON body whatever Content-Type says; multipart stays free for later upload APIs.
  router.use(express.json({ type: (req) => !isMultipart(req as Request), limit: '50mb' }));
  // Uploads (attachments, bulk-write ZIPs) arrive as multipart and are parsed by the handler.
  router.use(express.raw({ type: (req) => isMultipart(req as Request), limit: '120mb' }));
  router.use(apiGate(runtime, hanging));

  const { settings, queries, writes, notes, attachments, related } = runtime;

  router.get('/settings/modules', (_req, res) => send(res, settings.listModules()));
  router.post('/settings/modules', (req, res) => send(res, settings.createModules(req.body)));
  router.get('/settings/layouts', (req, res) => send(res, settings.listLayouts(queryParams(req)['module'])));
  router.patch('/settings/layouts/:layoutId', (req, res) => send(res, settings.updateLayout(queryParams(req)['module'], param(req, 'layoutId'), req.body)));
  router.get('/settings/modules/:apiName', (req, res) => send(res, settings.getModule(param(req, 'apiName'))));
  router.get('/settings/fields', (req, res) => send(res, settings.listFields(queryParams(req)['module'])));
  router.get('/settings/fields/:fieldId', (req, res) => send(res, settings.getField(queryParams(req)['module'], param(req, 'fieldId'))));
  router.delete('/settings/fields/:fieldId', (req, res) => send(res, settings.deleteField(queryParams(req)['module'], param(req, 'fieldId'))));
  router.post('/settings/fields', (req, res) => send(res, settings.createFields(queryParams(req)['module'], req.body)));

  router.get('/users', (req, res) => {
    const type = queryParams(req)['type'] ?? 'AllUsers';
    const supported: readonly string[] = USER_TYPES;
    if (!supported.includes(type)) throw new ZohoApiError(400, errors.invalidParam('type', { supported_values: [...USER_TYPES] }));
    const all = runtime.users.list(type as (typeof USER_TYPES)[number]);
    const perPage = Math.min(200, Math.max(1, Number(queryParams(req)['per_page'] ?? 200) || 200));
    const page = Math.max(1, Number(queryParams(req)['page'] ?? 1) || 1);
    const users = all.slice((page - 1) * perPage, page * perPage);
    if (users.length === 0) return send(res, { httpStatus: 204 });
    send(res, { httpStatus: 200, body: { users, info: { per_page: perPage, count: users.length, page, more_records: all.length > page * perPage } } });
  });
  router.get('/users/:id', (req, res) => {
    const user = runtime.users.get(param(req, 'id'));
    if (!user) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 1 }));
    send(res, { httpStatus: 200, body: { users: [user] } });
  });
  router.get('/org', (_req, res) => send(res, { httpStatus: 200, body: { org: [renderOrg(runtime.options.edition, runtime.options.users)] } }));

  router.post('/upload', async (req, res) => {
    const form = await readMultipart(req);
    send(res, runtime.bulkWrite.upload({ feature: req.get('feature'), org: req.get('X-CRM-ORG') }, form.files.get('file')));
  });

  router.post('/coql', (req, res) => send(res, queries.coql(req.body)));

  router.post('/Notes', (req, res) => send(res, notes.create(req.body)));
  router.post('/:module/:id/Notes', (req, res) => send(res, notes.create(req.body, { module: param(req, 'module'), id: param(req, 'id') })));
  router.get('/:module/:id/Notes', (req, res) => send(res, notes.listForParent(param(req, 'module'), param(req, 'id'), queryParams(req))));

  router.post('/:module/:id/Attachments', async (req, res) => {
    const form = await readMultipart(req);
    const attachmentUrl = form.fields.get('attachmentUrl') ?? queryParams(req)['attachmentUrl'];
    const title = form.fields.get('title');
    send(res, attachments.upload(param(req, 'module'), param(req, 'id'), {
      ...(form.files.get('file') ? { file: form.files.get('file') } : {}),
      ...(attachmentUrl !== undefined ? { attachmentUrl } : {}),
      ...(title !== undefined ? { title } : {}),
    }));
  });
  router.get('/:module/:id/Attachments', (req, res) => send(res, attachments.list(param(req, 'module'), param(req, 'id'))));
  router.get('/:module/:id/Attachments/:attachmentId', (req, res) => {
    const file = attachments.download(param(req, 'module'), param(req, 'id'), param(req, 'attachmentId'));
    res.status(200).type('application/octet-stream').attachment(file.fileName).send(file.bytes);
  });
  router.delete('/:module/:id/Attachments/:attachmentId', (req, res) => send(res, attachments.remove(param(req, 'module'), param(req, 'id'), param(req, 'attachmentId'))));

  // Related lists (Deals ↔ Products): link one, link several ({"data":[{"id":…}]}), list, unlink.
  router.put('/:module/:id/:relatedList/:relatedId', (req, res) => send(res, related.link(param(req, 'module'), param(req, 'id'), param(req, 'relatedList'), [param(req, 'relatedId')])));
  router.put('/:module/:id/:relatedList', (req, res) => send(res, related.link(param(req, 'module'), param(req, 'id'), param(req, 'relatedList'), relatedIds(req.body))));
  router.get('/:module/:id/:relatedList', (req, res) => send(res, related.list(param(req, 'module'), param(req, 'id'), param(req, 'relatedList'))));
  router.delete('/:module/:id/:relatedList/:relatedId', (req, res) => send(res, related.unlink(param(req, 'module'), param(req, 'id'), param(req, 'relatedList'), param(req, 'relatedId'))));

  router.get('/:module/search', (req, res) => send(res, queries.search(param(req, 'module'), queryParams(req))));
  router.post('/:module/upsert', (req, res) => send(res, writes.write(param(req, 'module'), 'upsert', req.body)));
  router.get('/:module/:id', (req, res) => send(res, queries.getOne(param(req, 'module'), param(req, 'id'), queryParams(req))));
  router.put('/:module/:id', (req, res) => send(res, writes.write(param(req, 'module'), 'update', req.body, param(req, 'id'))));
  router.delete('/:module/:id', (req, res) => send(res, writes.deleteRecords(param(req, 'module'), [param(req, 'id')])));
  router.get('/:module', (req, res) => send(res, queries.list(param(req, 'module'), queryParams(req))));
  router.post('/:module', (req, res) => send(res, writes.write(param(req, 'module'), 'insert', req.body)));
  router.put('/:module', (req, res) => send(res, writes.write(param(req, 'module'), 'update', req.body)));
  router.delete('/:module', (req, res) => send(res, writes.deleteRecords(param(req, 'module'), parseIds(queryParams(req)['ids']))));

  router.use((_req: Request, res: Response) => {
    res.status(404).json(errors.invalidUrlPattern());
  });
  return router;
}
