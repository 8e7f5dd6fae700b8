// Everything that happens to a /crm/v8 call before its handler runs, in this order:
// injected fault → OAuth header → concurrency slot (edition pool + complex pool) → credits → latency.
// Concurrency is checked before credits so a call rejected for concurrency costs nothing.
import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { classifyApiCall, type ApiCallClass } from '../api-call-classifier.ts';
import { shouldAdvertiseRemaining } from '../credit-ledger.ts';
import type { EmulatorRuntime } from '../emulator-runtime.ts';
import { errors } from '../zoho-errors.ts';

const AUTH_HEADER = /^Zoho-oauthtoken\s+(\S+)\s*$/;

export const CREDITS_HEADER = 'X-API-CREDITS-REMAINING';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `hanging` collects responses held open by a timeout fault so close() can drop them. */
export function apiGate(
  runtime: EmulatorRuntime,
  hanging: Set<ServerResponse>,
  classify: (method: string, path: string, body: unknown) => ApiCallClass = classifyApiCall,
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const fault = runtime.faults.decide();
    if (fault === 'timeout') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (fault === 'server-error') {
      res.status(500).json(errors.internalError());
      return;
    }
    if (fault === 'too-many-requests') {
      res.status(429).json(errors.tooManyRequests());
      return;
    }

    // Only the Zoho-specific scheme is accepted, so a client sending "Bearer" fails here as it would in production.
    const match = AUTH_HEADER.exec(req.get('authorization') ?? '');
    if (!match?.[1]) {
      res.status(401).json(errors.authenticationFailure());
      return;
    }
    const token = runtime.tokens.check(match[1]);
    if (!token.ok) {
      res.status(401).json(errors.invalidToken());
      return;
    }

    const call = classify(req.method, req.path, req.body);
    const release = runtime.limiter.tryAcquire(token.clientId, call.complex);
    if (!release) {
      res.status(429).json(errors.tooManyRequests());
      return;
    }
    res.on('finish', release);
    res.on('close', release);

    const charge = runtime.credits.tryCharge(call.cost);
    if (shouldAdvertiseRemaining(charge)) res.set(CREDITS_HEADER, String(charge.remaining));
    if (!charge.ok) {
      res.status(429).json(errors.tooManyRequests());
      return;
    }

    const latency = runtime.faults.latencyMs;
    if (latency > 0) await sleep(latency);
    next();
  };
}
