import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { largeFocusRecords, sampleRecords, writeFocusCsv } from '../../providers/sample/index.js';
import { UsageError, type Command } from '../types.js';

/**
 * `finops-bot sample --out FILE [--rows N] [--today YYYY-MM-DD]`: writes the bundled
 * sample organisation (or, with --rows, N hourly benchmark records) as a FOCUS 1.0 CSV
 * (gzipped when FILE ends in .gz).
 */
export const sampleCommand: Command = async ({ values }, io) => {
  if (!values.out) throw new UsageError('Say where to write: finops-bot sample --out sample.csv [--rows 1000000] [--today 2026-11-26]');
  const today = values.today ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError(`--today expects YYYY-MM-DD, got “${today}”.`);
  let rows: number | undefined;
  if (values.rows !== undefined) {
    rows = Number(values.rows);
    if (!Number.isInteger(rows) || rows < 1 || rows > 50_000_000) throw new UsageError(`--rows expects a whole number from 1 to 50,000,000, got “${values.rows}”.`);
  }
  const file = createWriteStream(values.out);
  const gzip = values.out.endsWith('.gz') ? createGzip({ level: 6 }) : null;
  if (gzip) gzip.pipe(file);
  const out = gzip ?? file;
  const records = rows !== undefined ? largeFocusRecords({ rows, today }) : sampleRecords({ today });
  const written = await writeFocusCsv(out, records);
  out.end();
  await once(file, 'close');
  io.stderr(`wrote ${written.toLocaleString('en-US')} FOCUS rows to ${values.out}\n`);
  return 0;
};
