import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CreditBudgetObserver } from './credit-budget.ts';
import type { ZohoCallObserver } from './zoho-call-observer.ts';

export interface ZohoMetricsOptions {
  /** The org's rolling 24 h credit budget, when known (ZOHO_CREDITS_PER_DAY): the base of the "credits below 20 %" alert. */
  creditsPerDay?: number | undefined;
}

/** Both hook sets: pass it as the client's `observer` and as the credit budget's observer. */
export type ZohoMetrics = ZohoCallObserver & CreditBudgetObserver;

/**
 * Zoho API metrics (names and labels in docs/architecture.md, "Metrics"). Labels: method, endpoint
 * template, HTTP status and Zoho code: never a record id, a module record or a token.
 */
export function createZohoMetrics(registry: Registry, options: ZohoMetricsOptions = {}): ZohoMetrics {
  const registers = [registry];
  const requests = new Counter({
    name: 'p2z_zoho_requests_total',
    help: 'Zoho API calls, by method, endpoint template, HTTP status (none = no response) and Zoho code',
    labelNames: ['method', 'endpoint', 'status', 'code'],
    registers,
  });
  const duration = new Histogram({
    name: 'p2z_zoho_request_duration_seconds',
    help: 'Zoho API call latency',
    labelNames: ['method', 'endpoint'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const creditsUsed = new Counter({
    name: 'p2z_zoho_credits_used_total',
    help: "API credits spent, estimated from Zoho's published costs (1 per call; writes 1 per 10 records)",
    labelNames: ['endpoint'],
    registers,
  });
  const creditsRemaining = new Gauge({
    name: 'p2z_zoho_credits_remaining',
    help: 'X-API-CREDITS-REMAINING from the last answer that carried it (Zoho sends it once half of the daily budget is used)',
    registers,
  });
  const creditsLimit = new Gauge({ name: 'p2z_zoho_credits_daily_limit', help: 'The rolling 24 h credit budget (ZOHO_CREDITS_PER_DAY), when configured', registers });
  if (options.creditsPerDay !== undefined) creditsLimit.set(options.creditsPerDay);
  const inFlight = new Gauge({
    name: 'p2z_zoho_concurrency_in_use',
    help: 'Zoho API calls in flight now (Zoho limits concurrent calls per edition; excess calls get 429)',
    registers,
  });
  const budgetUsed = new Gauge({ name: 'p2z_zoho_credit_budget_used', help: "Credits this client spent in the rolling 24 h window (its own ledger)", registers });
  const budgetReserve = new Gauge({ name: 'p2z_zoho_credit_budget_reserve', help: 'Credits left for the practice\'s other integrations (ZOHO_CREDIT_RESERVE)', registers });
  const budgetPaused = new Gauge({ name: 'p2z_zoho_credit_budget_paused', help: '1 while calls wait because only the credit reserve is left', registers });
  const budgetPauses = new Counter({ name: 'p2z_zoho_credit_budget_pauses_total', help: 'Times the client paused at the credit reserve', registers });

  return {
    started: () => inFlight.inc(),
    finished: (call, result) => {
      inFlight.dec();
      requests.inc({ method: call.method, endpoint: call.endpoint, status: result.status, code: result.code });
      duration.observe({ method: call.method, endpoint: call.endpoint }, result.durationSeconds);
      if (result.creditsCharged > 0) creditsUsed.inc({ endpoint: call.endpoint }, result.creditsCharged);
      if (result.creditsRemaining !== undefined) creditsRemaining.set(result.creditsRemaining);
    },
    used: (credits, limit, reserve) => {
      budgetUsed.set(credits);
      budgetReserve.set(reserve);
      creditsLimit.set(limit);
    },
    paused: () => {
      budgetPaused.set(1);
      budgetPauses.inc();
    },
    resumed: () => budgetPaused.set(0),
  };
}
