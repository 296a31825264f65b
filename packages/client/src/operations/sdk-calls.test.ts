import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { affectedSdkCalls, SDK_CALLS_BY_OPERATION } from './sdk-calls.js';

describe('SDK_CALLS_BY_OPERATION', () => {
  it("names only operations the 1.10 spec has, and SD.Next's own in SD.Next's", async () => {
    const operationsOf = async (target: string) => {
      const spec = JSON.parse(
        await readFile(new URL(`../../../../spec/${target}/openapi.json`, import.meta.url), 'utf8'),
      ) as { paths: Record<string, object> };
      return Object.entries(spec.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      );
    };
    const a1111 = await operationsOf('a1111-1.10');
    const sdnext = await operationsOf('sdnext');
    const operations = [...a1111, ...sdnext];
    expect(SDK_CALLS_BY_OPERATION['POST /sdapi/v1/checkpoint']).toEqual(["modelMode: 'sticky' (SD.Next)"]);
    expect(a1111).not.toContain('POST /sdapi/v1/checkpoint');
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
