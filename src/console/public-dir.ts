import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the console's static files are. tsc does not copy them to `dist/`, so from the
 * compiled module (`dist/console/…`) they are found back in the package's
 * `src/console/public/`; from the sources (tests, tsx) they sit next to this module.
 * The package must therefore ship `src/console/public` (package.json `files`).
 */
export function resolveConsolePublicDir(moduleUrl: string = import.meta.url): string {
  const candidates = [new URL('./public/', moduleUrl), new URL('../../src/console/public/', moduleUrl)];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(`${dir}index.html`)) return dir;
  }
  throw new Error(
    `The web console's files were not found (looked in ${candidates.map((u) => fileURLToPath(u)).join(' and ')}). ` +
      'Reinstall the package, or make sure src/console/public is shipped with it.',
  );
}
