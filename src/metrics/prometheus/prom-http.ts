import { MetricSourceError } from '../types.js';
import { parseMatrix, type MatrixSink } from './parse-matrix.js';

/** One series of a matrix or vector result. */
export interface PromSeries {
  metric: Record<string, string>;
  values?: [number, string][];
  value?: [number, string];
}

interface PromResponse {
  status: 'success' | 'error';
  data?: { resultType: string; result: PromSeries[] };
  errorType?: string;
  error?: string;
  warnings?: string[];
}

/** A Prometheus HTTP API client: POSTs form-encoded queries, turns failures into messages that say what to do. */
export class PromHttp {
  constructor(
    private readonly base: string,
    private readonly id: string,
    private readonly timeoutMs: number,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** `/api/v1/query_range`: `start`/`end` evaluation instants (ms, inclusive), `step` ms. */
  async range(query: string, start: number, end: number, step: number, signal: AbortSignal): Promise<PromSeries[]> {
    return this.post('query_range', { query, start: String(start / 1000), end: String(end / 1000), step: String(step / 1000) }, signal);
  }

  /** The same, with the points streamed into `sink` instead of parsed into objects (large responses). */
  async rangeInto(query: string, start: number, end: number, step: number, signal: AbortSignal, sink: MatrixSink): Promise<void> {
    const form = { query, start: String(start / 1000), end: String(end / 1000), step: String(step / 1000), timeout: this.timeoutParam() };
    const { text, status, url } = await this.fetchText('query_range', form, signal);
    if (!parseMatrix(text, sink)) this.check(this.parse(text, status, url), status);
  }

  /** `/api/v1/query` at `time` (ms). */
  async instant(query: string, time: number, signal: AbortSignal): Promise<PromSeries[]> {
    return this.post('query', { query, time: String(time / 1000) }, signal);
  }

  /** `/api/v1/status/buildinfo`: the server's version. */
  async version(signal: AbortSignal): Promise<string> {
    const body = await this.request('status/buildinfo', undefined, signal);
    return (body.data as unknown as { version?: string } | undefined)?.version ?? 'unknown';
  }

  private timeoutParam(): string {
    return `${Math.max(1, Math.floor(this.timeoutMs / 1000))}s`;
  }

  private async post(path: string, form: Record<string, string>, signal: AbortSignal): Promise<PromSeries[]> {
    const body = await this.request(path, { ...form, timeout: this.timeoutParam() }, signal);
    return body.data?.result ?? [];
  }

  private async request(path: string, form: Record<string, string> | undefined, signal: AbortSignal): Promise<PromResponse> {
    const { text, status, url } = await this.fetchText(path, form, signal);
    return this.check(this.parse(text, status, url), status);
  }

  private async fetchText(path: string, form: Record<string, string> | undefined, signal: AbortSignal): Promise<{ text: string; status: number; url: string }> {
    const url = `${this.base.replace(/\/+$/, '')}/api/v1/${path}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let res: Response;
    try {
      res = await this.fetchFn(url, {
        method: form ? 'POST' : 'GET',
        ...(form ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() } : {}),
        signal: AbortSignal.any([signal, timeout]),
      });
    } catch (err) {
      if (timeout.aborted) throw new MetricSourceError(this.id, `Prometheus at ${this.base} did not answer within ${this.timeoutMs} ms. Raise timeoutMs, or check the server's load.`, { cause: err });
      if (signal.aborted) throw err;
      throw new MetricSourceError(this.id, `Prometheus at ${this.base} cannot be reached (${(err as Error).message}${causeText(err)}). Check the url of the prometheus metric source.`, { cause: err });
    }
    return { text: await res.text(), status: res.status, url };
  }

  private parse(text: string, status: number, url: string): PromResponse {
    try {
      return JSON.parse(text) as PromResponse;
    } catch {
      const hint = status === 401 || status === 403 ? ' It asks for credentials: put the bot\'s network in front of it, or an authenticating proxy.' : ' Is the url the Prometheus server (not Grafana or an exporter)?';
      throw new MetricSourceError(this.id, `${url} answered ${status} with something that is not Prometheus' JSON.${hint}`);
    }
  }

  private check(body: PromResponse, status: number): PromResponse {
    if (body.status !== 'success') {
      const what = body.errorType === 'timeout' || status === 503 ? 'timed out' : `refused the query (${body.errorType ?? status})`;
      throw new MetricSourceError(this.id, `Prometheus ${what}: ${body.error ?? 'no detail'}.`);
    }
    return body;
  }
}

function causeText(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause;
  return cause?.code ? `: ${cause.code}` : '';
}
