import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockApp } from '../../http/app/index.js';
import { createRecordingServer, type RecordingServer } from '../../http/server/index.js';
import { until } from '../../testing/test-mock.js';
import { loadCassettes } from '../cassettes/index.js';

/** A stand-in upstream whose every answer is decided by the test. */
async function upstreamServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Streams 64 KiB chunks for ever (as fast as the reader takes them, or one per `everyMs`), counting what it sent. */
function endless(everyMs = 0) {
  const state = { sent: 0, closed: false };
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const handle = (_: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"images": ["');
    response.on('close', () => (state.closed = true));
    const pump = () => {
      if (state.closed) return;
      state.sent += chunk.length;
      if (everyMs > 0) response.write(chunk, () => setTimeout(pump, everyMs));
      else if (response.write(chunk)) setImmediate(pump);
      else response.once('drain', pump);
    };
    pump();
  };
  return { state, handle };
}

const jsonFiles = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.json'));

let dir: string;
let upstream: Server | undefined;
let recorder: RecordingServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdwebui-hostile-'));
});
afterEach(async () => {
  await recorder?.close();
  upstream?.closeAllConnections();
  await new Promise((resolve) => (upstream ? upstream.close(resolve) : resolve(undefined)));
  [recorder, upstream] = [undefined, undefined];
  await rm(dir, { recursive: true, force: true });
});

describe('sdwebui record never writes a secret', () => {
  it('redacts cmd-flags auth fields, ngrok and ?token= values, keeps the rest, and replay still matches', async () => {
    const flags = {
      api_auth: 'admin:hunter2',
      gradio_auth: 'u:pw-secret',
      ngrok: 'NGROK-TOKEN',
      token_merging_ratio: 0.5,
      sd_vae: 'Automatic',
      api: true,
    };
    const up = await upstreamServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'session=COOKIE-SECRET' });
      response.end(request.url?.startsWith('/sdapi/v1/cmd-flags') ? JSON.stringify(flags) : '{"ok": true}');
    });
    upstream = up.server;
    // The target's own user:password must not leak into the cassette's `source` either.
    recorder = await createRecordingServer({ target: up.url.replace('//', '//admin:TARGET-PASS@'), outDir: dir });
    const authorization = `Basic ${Buffer.from('admin:hunter2').toString('base64')}`;
    const direct = await (await fetch(`${recorder.url}/sdapi/v1/cmd-flags`, { headers: { authorization } })).json();
    expect(direct.api_auth).toBe('admin:hunter2'); // the client itself gets the real answer
    await (
      await fetch(`${recorder.url}/sdapi/v1/progress?token=QUERY-SECRET&skip_current_image=false`, {
        headers: { authorization },
      })
    ).text();
    await (
      await fetch(`${recorder.url}/sdapi/v1/options`, {
        method: 'POST',
        headers: { authorization },
        body: JSON.stringify({ api_key: 'BODY-SECRET', sd_vae: 'x' }),
      })
    ).text();

    const texts = await Promise.all((await jsonFiles(dir)).map((name) => readFile(join(dir, name), 'utf8')));
    expect(texts).toHaveLength(3);
    for (const text of texts) {
      expect(text).not.toMatch(/hunter2|pw-secret|NGROK-TOKEN|QUERY-SECRET|BODY-SECRET|COOKIE-SECRET|TARGET-PASS/);
      expect(text).not.toContain(Buffer.from('admin:hunter2').toString('base64'));
    }
    const cassettes = await loadCassettes(dir);
    const replay = createMockApp({ cassettes, strict: true });
    const replayedFlags = await (await replay.app.request('/sdapi/v1/cmd-flags')).json();
    expect(replayedFlags).toEqual({ ...flags, api_auth: '<redacted>', gradio_auth: '<redacted>', ngrok: '<redacted>' });
    const progress = await replay.app.request('/sdapi/v1/progress?token=ANY-OTHER&skip_current_image=false');
    expect([progress.status, await progress.json()]).toEqual([200, { ok: true }]);
    const options = await replay.app.request('/sdapi/v1/options', {
      method: 'POST',
      body: JSON.stringify({ api_key: 'other', sd_vae: 'x' }),
    });
    expect(options.status).toBe(200);
  });
});

describe('sdwebui record holds bounded bodies (hostile upstream)', () => {
  it('cuts off an endless upstream at the cap: 502 in the webui shape, reading stops, nothing recorded', async () => {
    const { state, handle } = endless();
    const up = await upstreamServer(handle);
    upstream = up.server;
    recorder = await createRecordingServer({ target: up.url, outDir: dir, maxBodyBytes: 1024 * 1024 });
    const rssBefore = process.memoryUsage().rss;
    const response = await fetch(`${recorder.url}/sdapi/v1/txt2img`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(502);
    const body = await response.json();
    expect(body).toEqual({
      error: 'RecorderError',
      detail: expect.stringMatching(/over the recorder's 1048576-byte limit; not recorded$/),
      body: '',
      errors: '',
    });
    await until(() => state.closed);
    // What the upstream got to send is the cap plus what socket buffers hold, not gigabytes.
    expect(state.sent).toBeLessThan(1024 * 1024 + 32 * 1024 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    expect(await jsonFiles(dir)).toEqual([]);
  });

  it('answers a large finite upstream body over the cap with 502, not 500', async () => {
    const up = await upstreamServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ images: ['y'.repeat(4 * 1024 * 1024)] }));
    });
    upstream = up.server;
    recorder = await createRecordingServer({ target: up.url, outDir: dir, maxBodyBytes: 1024 * 1024 });
    const response = await fetch(`${recorder.url}/sdapi/v1/txt2img`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(502);
    expect((await response.json()).error).toBe('RecorderError');
  });

  it('stops reading the upstream when the client goes away', async () => {
    const { state, handle } = endless(5);
    const up = await upstreamServer(handle);
    upstream = up.server;
    recorder = await createRecordingServer({ target: up.url, outDir: dir });
    const client = new AbortController();
    const pending = fetch(`${recorder.url}/sdapi/v1/txt2img`, {
      method: 'POST',
      body: '{}',
      signal: client.signal,
    }).catch((error: Error) => error);
    await until(() => state.sent >= 3 * 64 * 1024);
    client.abort();
    expect(await pending).toBeInstanceOf(Error);
    await until(() => state.closed);
    expect(await jsonFiles(dir)).toEqual([]);
  });

  it('refuses a request body over the cap with 413 before calling upstream', async () => {
    let called = false;
    const up = await upstreamServer((_, response) => {
      called = true;
      response.end('{}');
    });
    upstream = up.server;
    recorder = await createRecordingServer({ target: up.url, outDir: dir, maxBodyBytes: 1024 });
    const response = await fetch(`${recorder.url}/sdapi/v1/txt2img`, { method: 'POST', body: 'z'.repeat(4096) });
    expect([response.status, await response.json()]).toEqual([
      413,
      { error: 'HTTPException', detail: 'Payload Too Large', body: '', errors: '' },
    ]);
    expect(called).toBe(false);
  });
});

describe('a recorder killed mid-write', () => {
  it('leaves temporary files that the next start removes, and nothing else', async () => {
    // What a SIGKILL between write and rename leaves: `NAME.<12 hex>.tmp` beside cassettes and assets.
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, '1-0001-get-x.json.0123456789ab.tmp'), '{"half": ');
    await writeFile(join(dir, 'assets', 'abc.png.ba9876543210.tmp'), 'half');
    await writeFile(join(dir, 'keep.json'), '{"source": "t", "interactions": []}');
    await writeFile(join(dir, 'notes.tmp'), 'not ours');
    recorder = await createRecordingServer({ target: 'http://127.0.0.1:9', outDir: dir });
    expect((await readdir(dir)).sort()).toEqual(['assets', 'keep.json', 'notes.tmp']);
    expect(await readdir(join(dir, 'assets'))).toEqual([]);
  });
});
