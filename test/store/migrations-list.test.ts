import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrationChecksum, validateMigrations, type Migration } from '../../src/store/index.js';

const folder = fileURLToPath(new URL('../../src/store/migrations/', import.meta.url));

describe('the migration list', () => {
  it('names every NNNN-<name>.ts module in the folder, in order, and nothing else', () => {
    const files = readdirSync(folder)
      .filter((f) => /^\d{4}-.*\.ts$/.test(f))
      .sort();

    expect(MIGRATIONS.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}.ts`)).toEqual(files);
  });

  it('is valid', () => {
    expect(() => validateMigrations(MIGRATIONS)).not.toThrow();
  });

  it('keeps money in numeric columns, never floating point', () => {
    for (const m of MIGRATIONS) expect(m.sql).not.toMatch(/\b(real|double precision|float\d?)\b/i);
  });
});

describe('validateMigrations', () => {
  const ok: Migration = { version: 1, name: 'init', sql: 'SELECT 1;' };
  const cases: [string, Migration[], RegExp][] = [
    ['a repeated version', [ok, { ...ok, name: 'again' }], /position 2 has version 1/],
    ['a list not starting at 1', [{ ...ok, version: 2 }], /position 1 has version 2/],
    ['a version lower than the one before', [ok, { ...ok, version: 8, name: 'eight' }, { ...ok, version: 5, name: 'five' }], /position 3 has version 5/],
    ['a name that is not kebab-case', [{ ...ok, name: 'Add Table' }], /kebab-case/],
    ['empty SQL', [{ ...ok, sql: '  \n' }], /has no SQL/],
  ];

  it.each(cases)('rejects %s', (_label, list, message) => {
    expect(() => validateMigrations(list)).toThrow(message);
  });

  it('accepts a number skipped for another branch (1, 2, 8)', () => {
    expect(() => validateMigrations([ok, { ...ok, version: 2, name: 'two' }, { ...ok, version: 8, name: 'eight' }])).not.toThrow();
  });

  it('accepts an empty list', () => {
    expect(() => validateMigrations([])).not.toThrow();
  });
});

describe('migrationChecksum', () => {
  it('is the sha256 (hex) of the SQL, with CRLF line endings normalised to LF', () => {
    expect(migrationChecksum('SELECT 1;\n')).toBe('b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd');
    expect(migrationChecksum('SELECT 1;\r\n')).toBe('b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd');
    expect(migrationChecksum('SELECT 2;\n')).not.toBe('b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd');
  });
});
