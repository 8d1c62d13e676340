import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDER_TYPES } from '../src/config/index.js';
import { PROVIDERS } from '../src/providers/index.js';

const ROOT = join(import.meta.dirname, '..', 'src', 'providers');
/** Folders under src/providers/ that are not providers. */
const NOT_PROVIDERS = new Set(['shared']);

describe('provider registry (providers/index.ts)', () => {
  it('names every provider folder', () => {
    const folders = readdirSync(ROOT).filter((f) => statSync(join(ROOT, f)).isDirectory() && !NOT_PROVIDERS.has(f));
    expect(folders.sort()).toEqual(Object.keys(PROVIDERS).sort());
  });

  it('registers exactly the types the configuration accepts', () => {
    expect([...PROVIDER_TYPES].sort()).toEqual(Object.keys(PROVIDERS).sort());
  });

  it('gives each provider folder a README', () => {
    for (const type of Object.keys(PROVIDERS)) expect(statSync(join(ROOT, type, 'README.md')).isFile()).toBe(true);
  });
});
