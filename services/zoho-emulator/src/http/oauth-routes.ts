// Zoho Accounts token endpoint. Zoho's docs show the parameters in the query string, advise the body,
// and its TS SDK sends multipart (reference §1.2) — all three are accepted, body winning over query.
import express, { type Request, type Router } from 'express';
import type { EmulatorRuntime } from '../emulator-runtime.ts';
import type { TokenGrantParams } from '../oauth-token-service.ts';

const GRANT_KEYS = ['grant_type', 'client_id', 'client_secret', 'refresh_token'] as const;

async function bodyParams(req: Request): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const contentType = req.get('content-type') ?? '';
  if (Buffer.isBuffer(req.body) && contentType.toLowerCase().startsWith('multipart/form-data')) {
    // The WHATWG Response parser reads multipart without an extra dependency.
    const form = await new Response(req.body, { headers: { 'content-type': contentType } }).formData();
    for (const [key, value] of form.entries()) if (typeof value === 'string') out[key] = value;
  } else if (typeof req.body === 'object' && req.body !== null && !Buffer.isBuffer(req.body)) {
    for (const [key, value] of Object.entries(req.body as Record<string, unknown>)) if (typeof value === 'string') out[key] = value;
  }
  return out;
}

export function oauthRouter(runtime: EmulatorRuntime, apiDomain: () => string): Router {
  const router = express.Router();
  router.post(
    '/oauth/v2/token',
    express.urlencoded({ extended: false }),
    express.raw({ type: 'multipart/form-data', limit: '1mb' }),
    async (req, res) => {
      const fromBody = await bodyParams(req);
      const params: TokenGrantParams = {};
      for (const key of GRANT_KEYS) {
        const fromQuery = req.query[key];
        const value = fromBody[key] ?? (typeof fromQuery === 'string' ? fromQuery : undefined);
        if (value !== undefined) params[key] = value;
      }
      // Zoho Accounts reports grant errors with HTTP 200 and an {"error": …} body.
      res.status(200).json(runtime.tokens.grant(params, apiDomain()).body);
    },
  );
  return router;
}
