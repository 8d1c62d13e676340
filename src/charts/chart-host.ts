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
}

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
 * In memory means per process: with several replicas behind a load balancer, route
 * `/charts/*` to the replica that rendered the image (sticky routing) or swap this
 * class for shared storage (an object store with signed URLs).
 */
export class ChartHost {
  private readonly entries = new Map<string, Entry>();
  private readonly maxImages: number;
  private readonly ttlMs: number;
  private readonly clock: () => number;

  constructor(opts: ChartHostOptions = {}) {
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
  app.get('/charts/:file', (req, res) => {
    const match = /^(.+)\.png$/.exec(req.params.file);
    const image = match ? host.get(match[1]!) : null;
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
