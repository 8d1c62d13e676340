import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Request, Response, NextFunction } from 'express';
import type { BreakerState } from '../providers/shared/circuit-breaker.js';
import type { ProviderObserver } from '../app/cost-engine.js';

/** Estimated price of one request or scanned byte, by provider type (README: Data sources). */
const COST_PER_REQUEST_USD: Record<string, number> = { 'aws-cost-explorer': 0.01 };
const COST_PER_BYTE_USD: Record<string, number> = { 'gcp-bigquery': 6.25 / 2 ** 40, 'aws-athena': 5 / 1e12 };
/** Athena bills at least 10 MB a query. */
const MIN_BYTES: Record<string, number> = { 'aws-athena': 10 * 1e6 };

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** The surface an HTTP path belongs to. */
export function surfaceOf(path: string): string {
  if (path.startsWith('/slack/')) return 'slack';
  if (path === '/api/messages') return 'teams';
  if (path === '/api/ask') return 'api';
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return 'probe';
  if (path.startsWith('/charts/')) return 'charts';
  return 'console';
}

function outcomeOf(status: number): string {
  if (status === 503) return 'busy';
  if (status >= 500) return 'error';
  if (status >= 400) return 'rejected';
  return 'ok';
}

/** What scrapes read at scrape time (the engine, the pool, the store). */
export interface MetricsSources {
  breakers?: () => Record<string, BreakerState>;
  freshness?: () => { id: string; dataEnd: number | null }[];
  pool?: () => { pending: number; queued: number; threads: number };
  /** Recent job runs by job and status, and ledger deliveries by status (the store). */
  outcomes?: () => Promise<{ jobs: { job: string; status: string; count: number }[]; deliveries: { status: string; count: number }[] }>;
}

/**
 * The bot's Prometheus metrics (prom-client), one registry per bot: `GET /metrics`.
 * Names are listed in README.md (Operations).
 */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'surface' | 'outcome'>;
  private readonly requestSeconds: Histogram<'surface' | 'outcome'>;
  private readonly answers: Counter<'outcome'>;
  private readonly answerSeconds: Histogram<'outcome'>;
  private readonly providerRequests: Counter<'provider' | 'type'>;
  private readonly providerResults: Counter<'provider' | 'outcome'>;
  private readonly providerSeconds: Histogram<'provider'>;
  private readonly providerCost: Counter<'provider'>;
  private readonly providerBytes: Counter<'provider'>;
  private readonly cacheHits: Counter<'provider'>;
  private readonly poolTasks: Counter<'kind' | 'outcome'>;

  constructor(sources: MetricsSources = {}) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    this.requests = new Counter({ name: 'finops_http_requests_total', help: 'HTTP requests by surface (slack, teams, api, console, probe, charts) and outcome (ok, rejected, busy, error).', labelNames: ['surface', 'outcome'], registers });
    this.requestSeconds = new Histogram({ name: 'finops_http_request_duration_seconds', help: 'HTTP request latency (for Slack and Teams: the acknowledgement).', labelNames: ['surface', 'outcome'], buckets: LATENCY_BUCKETS, registers });
    this.answers = new Counter({ name: 'finops_answers_total', help: 'Cost questions answered, by outcome (answer, rejected, busy, failed).', labelNames: ['outcome'], registers });
    this.answerSeconds = new Histogram({ name: 'finops_answer_duration_seconds', help: 'Time to answer a cost question, queueing included.', labelNames: ['outcome'], buckets: LATENCY_BUCKETS, registers });
    this.providerRequests = new Counter({ name: 'finops_provider_requests_total', help: 'Requests sent to push-down providers (every attempt, poll and page).', labelNames: ['provider', 'type'], registers });
    this.providerResults = new Counter({ name: 'finops_provider_results_total', help: 'Push-down provider calls by outcome (ok, error, timeout, open: not asked, the circuit is open).', labelNames: ['provider', 'outcome'], registers });
    this.providerSeconds = new Histogram({ name: 'finops_provider_duration_seconds', help: 'Push-down provider call latency (one fetch or forecast, retries included).', labelNames: ['provider'], buckets: LATENCY_BUCKETS, registers });
    this.providerCost = new Counter({ name: 'finops_provider_estimated_cost_usd_total', help: 'Estimated provider charges: Cost Explorer $0.01 a request, BigQuery $6.25 a TiB scanned, Athena $5 a TB (10 MB minimum).', labelNames: ['provider'], registers });
    this.providerBytes = new Counter({ name: 'finops_provider_bytes_scanned_total', help: 'Bytes scanned by BigQuery and Athena.', labelNames: ['provider'], registers });
    this.cacheHits = new Counter({ name: 'finops_provider_cache_hits_total', help: 'Provider requests answered from the store cache.', labelNames: ['provider'], registers });
    this.poolTasks = new Counter({ name: 'finops_pool_tasks_total', help: 'Answer pool tasks (ask, chart) by outcome (ok, busy, error).', labelNames: ['kind', 'outcome'], registers });
    new Gauge({
      name: 'finops_provider_circuit_state', help: 'Circuit breaker of each push-down provider: 0 closed, 1 half-open, 2 open.', labelNames: ['provider'], registers,
      collect() {
        this.reset();
        for (const [p, s] of Object.entries(sources.breakers?.() ?? {})) this.set({ provider: p }, BREAKER_VALUE[s]);
      },
    });
    new Gauge({
      name: 'finops_data_fresh_until_seconds', help: 'End of the latest charge period in each in-memory provider\'s data (Unix time).', labelNames: ['provider'], registers,
      collect() {
        this.reset();
        for (const f of sources.freshness?.() ?? []) if (f.dataEnd !== null) this.set({ provider: f.id }, f.dataEnd / 1000);
      },
    });
    new Gauge({
      name: 'finops_pool_pending', help: 'Answer pool tasks admitted and not finished (running and queued).', registers,
      collect() {
        this.set(sources.pool?.().pending ?? 0);
      },
    });
    new Gauge({
      name: 'finops_pool_queued', help: 'Answer pool tasks waiting for a thread.', registers,
      collect() {
        this.set(sources.pool?.().queued ?? 0);
      },
    });
    new Gauge({
      name: 'finops_pool_threads', help: 'Answer pool threads.', registers,
      collect() {
        this.set(sources.pool?.().threads ?? 0);
      },
    });
    const outcomes = sources.outcomes;
    let last: Promise<Awaited<ReturnType<NonNullable<MetricsSources['outcomes']>>> | null> | null = null;
    // One store read per scrape, shared by the two gauges.
    const read = () => (last ??= (outcomes ? outcomes().catch(() => null) : Promise.resolve(null)).finally(() => setTimeout(() => (last = null), 1000).unref()));
    new Gauge({
      name: 'finops_job_runs', help: 'Recent scheduled job runs (the last 100 of each job) by status (running, done, failed).', labelNames: ['job', 'status'], registers,
      async collect() {
        const o = await read();
        this.reset();
        for (const j of o?.jobs ?? []) this.set({ job: j.job, status: j.status }, j.count);
      },
    });
    new Gauge({
      name: 'finops_ledger_deliveries', help: 'Deliveries of the exactly-once ledger in the last 24 hours by status (claimed, sent, failed, uncertain).', labelNames: ['status'], registers,
      async collect() {
        const o = await read();
        this.reset();
        for (const d of o?.deliveries ?? []) this.set({ status: d.status }, d.count);
      },
    });
  }

  /** Express middleware: counts and times every request by surface and outcome. */
  http() {
    return (req: Request, res: Response, next: NextFunction) => {
      const started = performance.now();
      res.on('finish', () => {
        const labels = { surface: surfaceOf(req.path), outcome: outcomeOf(res.statusCode) };
        this.requests.inc(labels);
        this.requestSeconds.observe(labels, (performance.now() - started) / 1000);
      });
      next();
    };
  }

  answer(outcome: 'answer' | 'rejected' | 'busy' | 'failed', seconds: number): void {
    this.answers.inc({ outcome });
    this.answerSeconds.observe({ outcome }, seconds);
  }

  poolTask(kind: string, outcome: string): void {
    this.poolTasks.inc({ kind, outcome });
  }

  /** What the engine reports about push-down providers. */
  providerObserver(): ProviderObserver {
    return {
      request: (provider, type) => {
        this.providerRequests.inc({ provider, type });
        const price = COST_PER_REQUEST_USD[type];
        if (price) this.providerCost.inc({ provider }, price);
      },
      result: (provider, type, seconds, outcome, facts) => {
        this.providerResults.inc({ provider, outcome });
        if (outcome !== 'open') this.providerSeconds.observe({ provider }, seconds);
        if (facts.cacheHits > 0) this.cacheHits.inc({ provider }, facts.cacheHits);
        if (facts.bytesScanned !== undefined) {
          this.providerBytes.inc({ provider }, facts.bytesScanned);
          const price = COST_PER_BYTE_USD[type];
          if (price && facts.bytesScanned > 0) this.providerCost.inc({ provider }, Math.max(facts.bytesScanned, MIN_BYTES[type] ?? 0) * price);
        }
      },
    };
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
