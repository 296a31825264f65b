import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { barePnpmCommands } from './index.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

describe('the root README', () => {
  it('writes every pnpm command so that it runs where pnpm is not installed (npx -y pnpm@<packageManager>)', async () => {
    const manifest = JSON.parse(await readFile(`${repoRoot}package.json`, 'utf8')) as { packageManager: string };
    const version = manifest.packageManager.replace(/^pnpm@/, '');
    expect(barePnpmCommands(await readFile(`${repoRoot}README.md`, 'utf8'), version)).toEqual([]);
  });
});

describe('barePnpmCommands', () => {
  it('finds bare and other-version pnpm in code blocks and inline code, not in prose', () => {
    const markdown = [
      'pnpm 10 workspaces, no pnpm needed.',
      '```sh',
      'npx -y pnpm@10.34.8 install && npx -y pnpm@10.34.8 demo',
      'pnpm test && git add spec',
      '```',
      'Run `npx -y pnpm@9.0.0 bench` or `SDWEBUI_URL=x pnpm test:contract` or `npx -y pnpm@10.34.8 lint`.',
    ].join('\n');
    expect(barePnpmCommands(markdown, '10.34.8')).toEqual([
      'pnpm test && git add spec',
      'npx -y pnpm@9.0.0 bench',
      'SDWEBUI_URL=x pnpm test:contract',
    ]);
  });
});
