import { readFileSync } from 'node:fs';

/** This package's version, from its package.json (next to dist/ in the installed package). */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
