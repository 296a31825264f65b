import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { affectedSdkCalls, SDK_CALLS_BY_OPERATION } from './sdk-calls.js';

describe('SDK_CALLS_BY_OPERATION', () => {
  it('names only operations the 1.10 spec has', async () => {
    const spec = JSON.parse(
      await readFile(new URL('../../../../spec/a1111-1.10/openapi.json', import.meta.url), 'utf8'),
    ) as { paths: Record<string, object> };
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(Object.keys(SDK_CALLS_BY_OPERATION).filter((operation) => !operations.includes(operation))).toEqual([]);
  });

  it('maps changed operations to SDK calls', () => {
    expect(affectedSdkCalls(['POST /sdapi/v1/txt2img', 'GET /sdapi/v1/options', 'GET /sdapi/v1/cmd-flags'])).toEqual([
      'getOptions',
      'name checks',
      'raw',
      'txt2img',
    ]);
  });
});
