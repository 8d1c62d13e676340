type TypedArrayCtor = Float64ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor | Int16ArrayConstructor;
type AnyTyped = Float64Array | Int32Array | Uint32Array | Int16Array;

/** An append-only typed column that doubles its capacity as it grows. */
export class GrowableColumn<T extends AnyTyped> {
  private data: T;
  length = 0;

  constructor(private readonly ctor: TypedArrayCtor, capacity = 1024) {
    this.data = new ctor(capacity) as T;
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new this.ctor(this.data.length * 2) as T;
      next.set(this.data as never);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /**
   * The values in the given row order, trimmed to length, as `ctor` (by default the column's
   * own type). With `release`, the column gives up its storage afterwards (and is empty):
   * building a large dataset then needs room for one column twice, not all of them.
   */
  permuted<U extends AnyTyped = T>(order: Uint32Array, ctor: TypedArrayCtor = this.ctor, release = false): U {
    const out = new ctor(order.length) as U;
    const data = this.data;
    for (let i = 0; i < order.length; i++) out[i] = data[order[i]!]!;
    if (release) {
      this.data = new this.ctor(0) as T;
      this.length = 0;
    }
    return out;
  }
}

/**
 * A string column encoded as codes into a dictionary of distinct values.
 *
 * Lookups run once per row and column, millions of times per load, on strings freshly
 * cut from file text: a Map lookup has to hash each whole string first. In front of the
 * Map sits a direct-mapped cache indexed by a cheap hash of the length and a few
 * characters (the ends, where ids and names usually differ), trusted only after comparing
 * the whole string: a repeated value costs a few character reads and one comparison, a
 * collision only a Map lookup. The cache grows with the dictionary to keep collisions rare.
 */
export class DictionaryColumn {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  readonly codes = new GrowableColumn<Uint32Array>(Uint32Array);
  /** The cache: per slot a dictionary value ('' for none: '' itself is never cached) and its code. */
  private slotValues: string[] = new Array<string>(MIN_SLOTS).fill('');
  private slotCodes = new Uint32Array(MIN_SLOTS);
  private slotMask = MIN_SLOTS - 1;

  code(value: string): number {
    // (No "same as the previous row" check first: the slot holds the previous value too,
    // and each string comparison of a slice costs about as much as the slot lookup.)
    let c: number | undefined;
    if (value.length === 0) c = this.index.get(value) ?? this.insert(value);
    else {
      const mask = this.slotMask;
      const slot = slotHash(value) & mask;
      if (this.slotValues[slot] === value) c = this.slotCodes[slot]!;
      else {
        c = this.index.get(value) ?? this.insert(value);
        // (A resize while inserting has cached the new value already.)
        if (this.slotMask === mask) {
          this.slotValues[slot] = this.values[c]!;
          this.slotCodes[slot] = c;
        }
      }
    }
    return c;
  }

  push(value: string): void {
    this.codes.push(this.code(value));
  }

  private insert(value: string): number {
    const c = this.values.length;
    // Copy: a reader's string may be a slice of a large chunk of file text, which a
    // long-lived dictionary would otherwise keep alive.
    const own = flatCopy(value);
    this.values.push(own);
    this.index.set(own, c);
    const size = this.values.length * SLOTS_PER_VALUE;
    if (size > this.slotValues.length && this.slotValues.length < MAX_SLOTS) this.resize(size * 2);
    return c;
  }

  private resize(slots: number): void {
    const n = Math.min(MAX_SLOTS, 1 << Math.ceil(Math.log2(slots)));
    this.slotValues = new Array<string>(n).fill('');
    this.slotCodes = new Uint32Array(n);
    this.slotMask = n - 1;
    for (let c = 0; c < this.values.length; c++) {
      const v = this.values[c]!;
      if (v.length === 0) continue;
      const slot = slotHash(v) & this.slotMask;
      this.slotValues[slot] = v;
      this.slotCodes[slot] = c;
    }
  }
}

/** Slots per dictionary value: collisions stay rare (most values get a slot of their own). */
const SLOTS_PER_VALUE = 8;
const MIN_SLOTS = 64;
/** 2^17 slots (1.5 MB): past that, a column of unique ids is left to the Map. */
const MAX_SLOTS = 1 << 17;

/** Hash of the length, the first, middle and last six characters; `value` is never longer than 2^30. */
function slotHash(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  let h = Math.imul(n ^ value.charCodeAt(0), 0x9e3779b1);
  h = Math.imul(h ^ value.charCodeAt(n >> 1), 0x85ebca6b);
  const stop = n > 6 ? n - 6 : 0;
  for (let i = n - 1; i >= stop; i--) h = Math.imul(h ^ value.charCodeAt(i), 0x9e3779b1);
  return h ^ (h >>> 15);
}

/** A copy of `s` that shares no memory with the string it came from. */
function flatCopy(s: string): string {
  // V8 keeps short strings flat already; JSON.parse always allocates a fresh string.
  return s.length <= 12 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
