import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_SPEC_BYTES, pullSpec, SpecPullError } from './index.js';

const OLD_RAW = '{"openapi":"3.0.2","info":{},"paths":{},"old":true}';
let outDir: string;
let server: Server | undefined;

beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'sdwebui-pull-cap-'));
  await writeFile(join(outDir, 'openapi.raw.json'), OLD_RAW);
});
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  await rm(outDir, { recursive: true, force: true });
});

/** A hostile webui whose /openapi.json never ends; counts what it managed to send. */
async function endlessSpecServer(): Promise<{ url: string; state: { sent: number; closed: boolean } }> {
  const state = { sent: 0, closed: false };
  const chunk = Buffer.alloc(256 * 1024, ' ');
  server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"openapi": "3.0.2", "padding": "');
    response.on('close', () => (state.closed = true));
    const pump = () => {
      while (!state.closed) {
        state.sent += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
    };
    pump();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state };
}

describe('spec pull reads a bounded answer', () => {
  it('stops an endless /openapi.json at the cap with a clear error, the old spec untouched', async () => {
    const { url, state } = await endlessSpecServer();
    const rssBefore = process.memoryUsage().rss;
    const error = await pullSpec({ url, outDir }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SpecPullError);
    expect((error as SpecPullError).code).toBe('too-large');
    expect((error as SpecPullError).message).toMatch(new RegExp(`sent more than ${DEFAULT_MAX_SPEC_BYTES} bytes`));
    expect(await readFile(join(outDir, 'openapi.raw.json'), 'utf8')).toBe(OLD_RAW);
    expect(await readdir(outDir)).toEqual(['openapi.raw.json']);
    // Bounded: the cap plus socket buffers were sent, and memory grew by about the cap, not gigabytes.
    expect(state.sent).toBeLessThan(DEFAULT_MAX_SPEC_BYTES + 32 * 1024 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
  });

  it('honours a smaller maxBytes', async () => {
    const { url } = await endlessSpecServer();
    await expect(pullSpec({ url, outDir, maxBytes: 1000 })).rejects.toThrow(/sent more than 1000 bytes/);
  });
});
