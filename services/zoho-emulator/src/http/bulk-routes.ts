// Bulk Write job API under /crm/bulk/v8 and the result download. Zoho serves results from a
// download host (`download-accl.zoho.com/v2/crm/{zgid}/bulk-write/{job}/{job}.zip`); the emulator
// serves the same path on its own origin, behind the same OAuth gate.
import type { ServerResponse } from 'node:http';
import express, { type Request, type Response, type Router } from 'express';
import { classifyBulkApiCall } from '../api-call-classifier.ts';
import type { EmulatorRuntime } from '../emulator-runtime.ts';
import { errors } from '../zoho-errors.ts';
import { apiGate } from './api-gate.ts';

function param(req: Request, name: string): string {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
}

export function bulkRouter(runtime: EmulatorRuntime, apiDomain: () => string, hanging: Set<ServerResponse>): Router {
  const router = express.Router();
  router.use(express.json({ type: () => true, limit: '1mb' }));
  router.use(apiGate(runtime, hanging, classifyBulkApiCall));
  router.post('/write', (req, res) => {
    const outcome = runtime.bulkWrite.createJob(req.body);
    res.status(outcome.httpStatus).json(outcome.body);
  });
  router.get('/write/:jobId', (req, res) => {
    const outcome = runtime.bulkWrite.getJob(param(req, 'jobId'), apiDomain());
    res.status(outcome.httpStatus).json(outcome.body);
  });
  router.use((_req: Request, res: Response) => {
    res.status(404).json(errors.invalidUrlPattern());
  });
  return router;
}

export function bulkDownloadRouter(runtime: EmulatorRuntime, hanging: Set<ServerResponse>): Router {
  const router = express.Router();
  router.use(apiGate(runtime, hanging, () => ({ cost: 1, complex: false })));
  router.get('/:zgid/bulk-write/:jobId/:fileName', (req, res) => {
    const zip = runtime.bulkWrite.resultZip(param(req, 'jobId'));
    res.status(200).type('application/zip').attachment(param(req, 'fileName')).send(zip);
  });
  return router;
}
