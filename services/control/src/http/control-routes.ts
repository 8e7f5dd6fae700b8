import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { MappingFileError, mappingVersion, parseMapping, proposalOf, type Actor, type MappingPublisher } from '@panda2zoho/mapping';
import type { Logger } from '@panda2zoho/observability';
import { csrfMatches, csrfToken, issueSession, readSession, tokenMatches, validActorName, type Session } from '../domain/operator-auth.ts';
import type { ControlReadModels } from '../adapters/control-read-models.ts';
import { scrapeProgress } from '../adapters/metrics-scraper.ts';
import { readReconcilerStatus } from '../adapters/reconciler-status.ts';
import { auditList, loginPage, mappingPage, progressPage, qualityPage, reconciliationPage } from './console-pages.ts';
import { layout, type Html, type NavItem } from './html.ts';
import { rollbackPage, samplePage } from './sample-pages.ts';
import type { RollbackJob, RollbackRunner } from '../adapters/rollback-runner.ts';

export interface ControlRoutesOptions {
  operatorToken: string;
  secureCookie: boolean;
  sessionMaxAgeMs: number;
  models: ControlReadModels;
  publisher: MappingPublisher;
  logger: Logger;
  /** Ops base URLs whose /metrics feed the progress page. */
  metricsUrls: string[];
  /** The reconciler's ops base URL whose GET /status feeds the progress page per entity and location (null: not configured). */
  reconcilerUrl?: string | null;
  /** Rollbacks started from the console (one at a time). */
  rollbacks: RollbackRunner;
  /** After a console rollback: audit, and the sample's decision when it was a sample's run. */
  onRollbackDone: (job: RollbackJob) => Promise<void>;
  now?: () => number;
}

const COOKIE = 'p2z_session';
/** Wrong tokens tolerated per minute (login form and API together) before every attempt is refused for the rest of the minute. */
const FAILURES_PER_MINUTE = 20;

/** The console's pages: one entry each. */
const PAGES: Array<NavItem & { render: (o: ControlRoutesOptions, csrf: string) => Html | Promise<Html> }> = [
  { path: '/console/mapping', title: 'Field mapping', render: (o, csrf) => mappingPage(o.models.mapping, csrf) },
  { path: '/console/sample', title: 'Sample diff', render: (o) => samplePage(o.models.samples) },
  { path: '/console/quality', title: 'Data quality', render: (o) => qualityPage(o.models.quality) },
  { path: '/console/reconciliation', title: 'Reconciliation', render: (o) => reconciliationPage(o.models.reconciliation) },
  { path: '/console/progress', title: 'Progress', render: async (o) => {
      const reconcilerUrl = o.reconcilerUrl ?? null;
      const [scraped, status] = await Promise.all([o.metricsUrls.length > 0 ? scrapeProgress(o.metricsUrls) : null, reconcilerUrl ? readReconcilerStatus(reconcilerUrl) : null]);
      return progressPage(o.metricsUrls, scraped, status);
    },
  },
  { path: '/console/rollback', title: 'Rollback', render: (o, csrf) => rollbackPage(o.rollbacks.current, o.models.samples.sampleRuns(), csrf, null) },
  { path: '/console/audit', title: 'Audit', render: (o) => auditList(o.models) },
];

/** A run id as the writer accepts it (P2Z_RUN_ID). */
const RUN_ID = /^[A-Za-z0-9._-]{1,100}$/;

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/**
 * The control API and web console. Every page and action needs the operator: a console session
 * (HttpOnly, SameSite=Strict cookie from the login form, CSRF token on every POST) or, for the API,
 * `Authorization: Bearer <token>` with the actor in `X-P2Z-Actor`. The token is compared in constant time.
 */
export function controlRoutes(options: ControlRoutesOptions): Router {
  const now = options.now ?? Date.now;
  const secret = options.operatorToken;
  const router = express.Router();
  router.use(['/login', '/logout', '/console', '/api'], (_req, res, next) => {
    res.set(SECURITY_HEADERS);
    next();
  });
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  // Guessing the token: a fixed window across all clients (the console sits behind loopback or a proxy).
  let window = { startMs: 0, failures: 0 };
  const tooManyFailures = () => {
    if (now() - window.startMs > 60_000) window = { startMs: now(), failures: 0 };
    return window.failures >= FAILURES_PER_MINUTE;
  };
  const failed = () => {
    window.failures++;
  };

  const session = (req: Request): { session: Session; cookie: string } | null => {
    const cookie = cookieOf(req, COOKIE);
    const s = readSession(secret, cookie, now(), options.sessionMaxAgeMs);
    return s && cookie ? { session: s, cookie } : null;
  };
  const page = (res: Response, status: number, title: string, current: string, body: Html, signedIn: { session: Session; cookie: string } | null) =>
    res
      .status(status)
      .type('html')
      .send(layout({ title, nav: signedIn ? PAGES : [], current, actor: signedIn?.session.actor ?? null, csrf: signedIn ? csrfToken(secret, signedIn.cookie) : null, body }));

  const requireSession = (req: Request, res: Response, next: NextFunction) => {
    const signedIn = session(req);
    if (!signedIn) {
      page(res, 401, 'Sign in', '/login', loginPage(null), null);
      return;
    }
    res.locals['signedIn'] = signedIn;
    next();
  };
  const requireCsrf = (req: Request, res: Response, next: NextFunction) => {
    const signedIn = res.locals['signedIn'] as { cookie: string };
    if (!csrfMatches(secret, signedIn.cookie, (req.body as Record<string, string | undefined>)['_csrf'])) {
      res.status(403).type('text').send('refused: the form is stale or came from another site; reload the page');
      return;
    }
    next();
  };
  const requireBearer = (req: Request, res: Response, next: NextFunction) => {
    const actor = validActorName(req.header('x-p2z-actor') ?? undefined);
    if (tooManyFailures()) {
      res.status(429).json({ code: 'TOO_MANY_FAILURES', reason: 'too many wrong tokens: wait a minute' });
      return;
    }
    if (!tokenMatches(bearer(req), secret)) {
      failed();
      res.status(401).json({ code: 'UNAUTHORIZED', reason: 'the operator token is missing or wrong (Authorization: Bearer <P2Z_OPERATOR_TOKEN>)' });
      return;
    }
    if (!actor) {
      res.status(400).json({ code: 'ACTOR_REQUIRED', reason: 'name the operator in X-P2Z-Actor (letters, digits, space . _ @ -, at most 64)' });
      return;
    }
    res.locals['actor'] = { name: actor, via: 'cli' } satisfies Actor;
    next();
  };

  router.get('/', (_req, res) => res.redirect(303, '/console/mapping'));
  router.get('/login', (req, res) => page(res, 200, 'Sign in', '/login', loginPage(null), session(req)));
  router.post('/login', form, async (req, res, next) => {
    try {
      const body = req.body as Record<string, string | undefined>;
      const actor = validActorName(body['actor']);
      if (tooManyFailures()) {
        page(res, 429, 'Sign in', '/login', loginPage('Too many wrong tokens: wait a minute.'), null);
        return;
      }
      if (!tokenMatches(body['token'], secret) || !actor) {
        failed();
        options.logger.warn({ action: 'CONSOLE_LOGIN_REFUSED' }, 'console login refused');
        page(res, 401, 'Sign in', '/login', loginPage(actor ? 'Wrong operator token.' : 'Give your name: it is recorded with every action.'), null);
        return;
      }
      const cookie = issueSession(secret, actor, now());
      res.cookie(COOKIE, cookie, { httpOnly: true, sameSite: 'strict', secure: options.secureCookie, path: '/', maxAge: options.sessionMaxAgeMs });
      await options.publisher.audit({ name: actor, via: 'console' }, 'CONSOLE_LOGIN', 'console', null);
      res.redirect(303, '/console/mapping');
    } catch (error) {
      next(error);
    }
  });
  router.post('/logout', form, requireSession, requireCsrf, (_req, res) => {
    res.clearCookie(COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });
  router.get('/console', requireSession, (_req, res) => res.redirect(303, '/console/mapping'));
  for (const p of PAGES) {
    router.get(p.path, requireSession, async (_req, res, next) => {
      try {
        const signedIn = res.locals['signedIn'] as { session: Session; cookie: string };
        page(res, 200, p.title, p.path, await p.render(options, csrfToken(secret, signedIn.cookie)), signedIn);
      } catch (error) {
        next(error);
      }
    });
  }
  router.post('/console/mapping/confirm', form, requireSession, requireCsrf, async (req, res, next) => {
    try {
      const signedIn = res.locals['signedIn'] as { session: Session };
      const version = (req.body as Record<string, string | undefined>)['version'] ?? '';
      if (!proposalOf(options.models.mapping, version)) {
        res.status(409).type('text').send('refused: that mapping version was never proposed');
        return;
      }
      await options.publisher.confirm(version, { name: signedIn.session.actor, via: 'console' });
      options.logger.info({ action: 'MAPPING_CONFIRMED', version, via: 'console' }, 'mapping confirmed');
      res.redirect(303, '/console/mapping?confirmed=1');
    } catch (error) {
      next(error);
    }
  });

  // Typed confirmation: the run id twice. The rollback runs in the background; the page shows its progress.
  router.post('/console/rollback', form, requireSession, requireCsrf, async (req, res, next) => {
    try {
      const signedIn = res.locals['signedIn'] as { session: Session; cookie: string };
      const body = req.body as Record<string, string | undefined>;
      const run = (body['run'] ?? '').trim();
      const refuse = (status: number, message: string) =>
        page(res, status, 'Rollback', '/console/rollback', rollbackPage(options.rollbacks.current, options.models.samples.sampleRuns(), csrfToken(secret, signedIn.cookie), message), signedIn);
      if (!RUN_ID.test(run)) return refuse(400, 'Not a run id (letters, digits, . _ -).');
      if ((body['confirmRun'] ?? '').trim() !== run) return refuse(400, 'The confirmation does not match the run id: nothing was rolled back.');
      const actor = signedIn.session.actor;
      if (!options.rollbacks.start(run, actor, options.onRollbackDone)) return refuse(409, 'A rollback is already running: wait for it to finish.');
      await options.publisher.audit({ name: actor, via: 'console' }, 'ROLLBACK_REQUESTED', `run:${run}`, null);
      options.logger.info({ action: 'ROLLBACK_REQUESTED', runId: run, via: 'console' }, 'rollback requested');
      res.redirect(303, '/console/rollback');
    } catch (error) {
      next(error);
    }
  });

  // The API the CLI uses (`map confirm`, `map show`).
  router.get('/api/mapping', requireBearer, (_req, res) => {
    const state = options.models.mapping;
    res.json({ confirmed: state.confirmed, confirmations: state.confirmations, proposals: state.proposals.map(({ yaml: _yaml, ...p }) => p) });
  });
  router.post('/api/mapping/confirm', express.json({ limit: '4mb' }), requireBearer, async (req, res, next) => {
    try {
      const actor = res.locals['actor'] as Actor;
      const text = (req.body as { mappingYaml?: unknown }).mappingYaml;
      if (typeof text !== 'string') {
        res.status(400).json({ code: 'MAPPING_FILE_MISSING', reason: 'send the mapping file as mappingYaml' });
        return;
      }
      const doc = parseMapping(text);
      const version = mappingVersion(doc);
      // An edited file is a new version: it is recorded as proposed (by whoever edited and confirms it) first.
      if (!proposalOf(options.models.mapping, version)) await options.publisher.propose(doc, actor);
      const event = await options.publisher.confirm(version, actor);
      options.logger.info({ action: 'MAPPING_CONFIRMED', version, via: 'cli' }, 'mapping confirmed');
      res.json({ version, confirmedBy: event.actor, confirmedAtMs: event.atMs });
    } catch (error) {
      if (error instanceof MappingFileError) {
        res.status(400).json({ code: error.code, reason: error.message });
        return;
      }
      next(error);
    }
  });
  return router;
}
