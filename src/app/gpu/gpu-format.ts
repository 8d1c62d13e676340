import { allocateCents, exact, formatMoney, toCents, type Exact } from '../../core/money.js';

/** Pico-units as decimal text with two places, half away from zero (`"1234.50"`). */
export function decimal2(pico: bigint): string {
  return centsText(toCents(exact(pico)));
}

/** Cents as decimal text with two places. */
export function centsText(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Cents for people: `1,234.50 USD`. */
export function moneyText(cents: bigint, currency: string): string {
  return `${formatMoney(Number(cents) / 100)} ${currency}`;
}

/** Pico-units for people. */
export function picoText(pico: bigint, currency: string): string {
  return moneyText(toCents(exact(pico)), currency);
}

/**
 * Rounds parts to cents so they add up to the rounded total, cent for cent (largest
 * remainder): a table's rows always add up to its total.
 */
export function centsAddingUp(parts: bigint[]): { parts: bigint[]; total: bigint } {
  const total = toCents(exact(parts.reduce((s, p) => s + p, 0n)));
  return { parts: allocateCents(parts.map(exact), total), total };
}

/** Milliseconds as hours with two decimals, adding up like money (hundredths of an hour). */
export function hoursAddingUp(ms: number[]): { parts: number[]; total: number } {
  const asPico = (v: number): Exact => ({ n: BigInt(Math.round(v)) * 1_000_000_000_000n, d: 3_600_000n });
  const total = toCents(ms.map(asPico).reduce((a, b) => ({ n: a.n + b.n, d: 3_600_000n }), { n: 0n, d: 3_600_000n }));
  return { parts: allocateCents(ms.map(asPico), total).map((c) => Number(c) / 100), total: Number(total) / 100 };
}

/** One duration in hours with two decimals. */
export function hours2(ms: number): number {
  return Math.round(ms / 36_000) / 100;
}

/** `1,234.5 h` */
export function hoursText(hours: number): string {
  return `${hours.toLocaleString('en-US', { maximumFractionDigits: 1 })} h`;
}

/** An instant for people in the zone: `Fri 21 Nov 18:00` (with the zone when not UTC… and always for clarity). */
export function instantText(ms: number, timezone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  return `${text.replace(',', '')} ${timezone === 'UTC' ? 'UTC' : timezone}`;
}

/** ISO 8601 UTC, to the second. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A resource for people: its billing name when it has one, else its id. */
export function resourceLabel(r: { resource: string; name: string }): string {
  return r.name && r.name !== r.resource ? r.name : r.resource;
}
