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

  /** The values in the given row order, trimmed to length. */
  permuted(order: Uint32Array): T {
    const out = new this.ctor(order.length) as T;
    for (let i = 0; i < order.length; i++) out[i] = this.data[order[i]!]!;
    return out;
  }
}

/** A string column encoded as codes into a dictionary of distinct values. */
export class DictionaryColumn {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  readonly codes = new GrowableColumn<Uint32Array>(Uint32Array);

  /** The last value looked up and its code: exports repeat a value over runs of rows. */
  private lastValue: string | null = null;
  private lastCode = 0;

  code(value: string): number {
    // Identical (often the very same interned) string as the previous row: skip the hash.
    if (value === this.lastValue) return this.lastCode;
    let c = this.index.get(value);
    if (c === undefined) {
      c = this.values.length;
      // Copy: a reader's string may be a slice of a large chunk of file text, which a
      // long-lived dictionary would otherwise keep alive.
      const own = flatCopy(value);
      this.values.push(own);
      this.index.set(own, c);
      value = own;
    }
    this.lastValue = value;
    this.lastCode = c;
    return c;
  }

  push(value: string): void {
    this.codes.push(this.code(value));
  }
}

/** A copy of `s` that shares no memory with the string it came from. */
function flatCopy(s: string): string {
  // V8 keeps short strings flat already; JSON.parse always allocates a fresh string.
  return s.length <= 12 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
