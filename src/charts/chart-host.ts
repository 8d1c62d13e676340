import { randomBytes } from 'node:crypto';
import type express from 'express';
import type { ChartImage } from './render-png.js';

export interface ChartHostOptions {
  /** Images kept at most; the least recently used goes first. */
  maxImages?: number;
  /** How long an image stays reachable after it was stored. */
  ttlMs?: number;
  /** The clock (epoch ms), injectable for tests. */
  clock?: () => number;
  /**
   * Where images are also kept for every replica (the store's `query_cache`), so whichever
   * replica a chart request reaches serves it. Without it, images live in this process only.
   */
  shared?: SharedCharts;
}

/** The store's part the chart host uses: its expiring key-value cache. */
export interface SharedCharts {
  cachePut(key: string, provider: string, request: { [k: string]: string | number }, response: { [k: string]: string | number }, ttlMs: number, now: Date): Promise<void>;
  cacheGet(key: string, now: Date): Promise<{ response: unknown } | null>;
}

const SHARED_PREFIX = 'chart-image:';

interface Entry {
  image: ChartImage;
  expires: number;
}

/** The id format: 16 random bytes, base64url (22 characters, 128 bits: not guessable). */
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * Keeps rendered chart PNGs in memory for surfaces that link to an image instead of
 * uploading it (Teams Adaptive Cards fetch `GET /charts/<id>.png` without our auth, so
 * the random id is the only protection: it is unguessable and expires).
 *
 * Images are kept in memory, and with `shared` (the bot passes its store) also in the
 * store, so any replica behind a load balancer serves any chart: `store()` writes through
 * before the id is handed out, `find()` falls back to the store.
 */
export class ChartHost {
  private readonly entries = new Map<string, Entry>();
  private readonly maxImages: number;
  private readonly ttlMs: number;
  private readonly clock: () => number;
  private readonly shared: SharedCharts | null;

  constructor(opts: ChartHostOptions = {}) {
    this.shared = opts.shared ?? null;
    this.maxImages = Math.max(1, opts.maxImages ?? 200);
    this.ttlMs = Math.max(1, opts.ttlMs ?? 30 * 60_000);
    this.clock = opts.clock ?? Date.now;
  }

  /** Stores an image and returns its id. */
  put(image: ChartImage): string {
    this.sweep();
    const id = randomBytes(16).toString('base64url');
    this.entries.set(id, { image, expires: this.clock() + this.ttlMs });
    while (this.entries.size > this.maxImages) this.entries.delete(this.entries.keys().next().value!);
    return id;
  }

  /** Stores an image here and, with `shared`, in the store for the other replicas; returns its id. */
  async store(image: ChartImage): Promise<string> {
    const id = this.put(image);
    if (this.shared) {
      const body = { png: image.png.toString('base64'), width: image.width, height: image.height, alt: image.alt };
      await this.shared.cachePut(SHARED_PREFIX + id, 'chart-host', {}, body, this.ttlMs, new Date(this.clock()));
    }
    return id;
  }

  /** The image from this process, else from the store (another replica drew it); null when unknown or expired. */
  async find(id: string): Promise<ChartImage | null> {
    const local = this.get(id);
    if (local || !this.shared || !ID_PATTERN.test(id)) return local;
    const hit = await this.shared.cacheGet(SHARED_PREFIX + id, new Date(this.clock()));
    const r = hit?.response as { png?: string; width?: number; height?: number; alt?: string } | undefined;
    if (!r || typeof r.png !== 'string') return null;
    return { png: Buffer.from(r.png, 'base64'), width: r.width ?? 0, height: r.height ?? 0, alt: r.alt ?? '', mime: 'image/png' };
  }

  /** The image, or null when the id is unknown, malformed or expired. A hit counts as a use (LRU). */
  get(id: string): ChartImage | null {
    if (!ID_PATTERN.test(id)) return null;
    const entry = this.entries.get(id);
    if (!entry) return null;
    if (entry.expires <= this.clock()) {
      this.entries.delete(id);
      return null;
    }
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.image;
  }

  /** The public address of an image: `<publicUrl>/charts/<id>.png`. */
  urlFor(id: string, publicUrl: string): string {
    return `${publicUrl.replace(/\/+$/, '')}/charts/${id}.png`;
  }

  /** Images currently held (expired ones included until the next sweep). */
  get size(): number {
    return this.entries.size;
  }

  /** Drops expired images; insertion order is not expiry order after LRU touches, so scan all (≤ maxImages). */
  private sweep(): void {
    const now = this.clock();
    for (const [id, e] of this.entries) if (e.expires <= now) this.entries.delete(id);
  }
}

/** Serves the host's images at `GET /charts/<id>.png` on the bot's express app. */
export function mountChartHost(app: express.Express, host: ChartHost): void {
  app.get('/charts/:file', async (req, res) => {
    const match = /^(.+)\.png$/.exec(req.params.file);
    const image = match ? await host.find(match[1]!).catch(() => null) : null;
    if (!image) {
      res.status(404).json({ error: 'This chart is unknown or has expired (charts are kept for a short time only). Ask the question again for a new one.' });
      return;
    }
    res.setHeader('content-type', image.mime);
    res.setHeader('content-length', String(image.png.length));
    // The content behind an id never changes; private so shared caches do not keep cost data.
    res.setHeader('cache-control', 'private, max-age=1800, immutable');
    res.setHeader('x-content-type-options', 'nosniff');
    res.end(image.png);
  });
}
