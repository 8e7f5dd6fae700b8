// The Express application: accounts endpoint, CRM API, control surface, Zoho-shaped errors.
import type { ServerResponse } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { EmulatorRuntime } from '../emulator-runtime.ts';
import { errors, zohoError, ZohoApiError } from '../zoho-errors.ts';
import { bulkDownloadRouter, bulkRouter } from './bulk-routes.ts';
import { controlRouter } from './control-routes.ts';
import { crmRouter } from './crm-routes.ts';
import { oauthRouter } from './oauth-routes.ts';

function errorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (error instanceof ZohoApiError) {
    res.status(error.httpStatus).json(error.body);
    return;
  }
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') {
    res.status(400).json(errors.invalidJson());
    return;
  }
  if (type === 'entity.too.large') {
    res.status(413).json(zohoError('LIMIT_EXCEEDED', 'request body is too large'));
    return;
  }
  // Only the error class is logged: messages of lower layers could echo request data (PHI).
  console.error(`zoho-emulator: unexpected ${error instanceof Error ? error.name : typeof error} while handling a request`);
  res.status(500).json(errors.internalError());
}

export function createEmulatorApp(runtime: EmulatorRuntime, apiDomain: () => string, hanging: Set<ServerResponse>): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(oauthRouter(runtime, apiDomain));
  app.use('/crm/v8', crmRouter(runtime, hanging));
  app.use('/crm/bulk/v8', bulkRouter(runtime, apiDomain, hanging));
  app.use('/v2/crm', bulkDownloadRouter(runtime, hanging));
  app.use('/__emulator', controlRouter(runtime));
  app.use((_req: Request, res: Response) => {
    res.status(404).json(errors.invalidUrlPattern());
  });
  app.use(errorHandler);
  return app;
}
