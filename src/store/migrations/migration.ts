/** One versioned schema change. Its SQL is embedded in a .ts module so `dist/` carries it. */
export interface Migration {
  /** 1, 2, 3… applied in order, never reused. */
  version: number;
  /** A short kebab-case name; the module is `NNNN-<name>.ts`. */
  name: string;
  /** A multi-statement script, run in one transaction. */
  sql: string;
}
