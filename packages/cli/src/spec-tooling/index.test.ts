import { describe, expect, it } from 'vitest';
import { loadSpecTooling, SpecToolingMissingError } from './index.js';

const notFound = (name: string) =>
  Object.assign(new Error(`Cannot find package '${name}' imported from /usr/lib/node_modules/@sdwebui/cli/dist/x.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });

describe('loadSpecTooling', () => {
  it('loads @sdwebui/spec when it is installed', async () => {
    expect(typeof (await loadSpecTooling()).pullSpec).toBe('function');
  });

  it('says in one line how to install it when it is not', async () => {
    const error = await loadSpecTooling(() => Promise.reject(notFound('@sdwebui/spec'))).catch((caught) => caught);
    expect(error).toBeInstanceOf(SpecToolingMissingError);
    expect(error.message).toBe(
      '`sdwebui spec` needs the spec tooling, which the CLI does not install: ' +
        'npm i -g @sdwebui/spec (the same version as @sdwebui/cli)',
    );
  });

  it('passes on a broken install of the tooling itself (a dependency of it missing) as it is', async () => {
    const broken = notFound('typescript');
    await expect(loadSpecTooling(() => Promise.reject(broken))).rejects.toBe(broken);
  });
});
