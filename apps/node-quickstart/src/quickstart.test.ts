import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPngParameters } from '@sdwebui/infotext';
import { createMockServer } from '@sdwebui/mock';
import { expect, it } from 'vitest';
import { runQuickstart } from './quickstart.js';

it('runs the API guide against a webui (the mock) and leaves output.png with its infotext', async () => {
  const server = await createMockServer({ apiAuth: 'me:pw' });
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-quickstart-'));
  const lines: string[] = [];
  try {
    const { output, infotext } = await runQuickstart({
      baseUrl: server.url,
      auth: 'me:pw',
      output: join(dir, 'output.png'),
      log: (line) => lines.push(line),
    });
    const parameters = readPngParameters(new Uint8Array(await readFile(output)));
    expect(parameters).toBe(infotext);
    expect(parameters).toMatch(/^puppy dog\nSteps: 5, /);
    const text = lines.join('\n');
    expect(text).toContain('local and server agree: true');
    expect(text).toMatch(
      /3\. one request with model deliberate_v2 and CLIP skip 2:\n.*\n.*Model: deliberate_v2.*Clip skip: 2/,
    );
    expect(text).toContain('4. sd_model_checkpoint is now deliberate_v2.safetensors [15edd4519f]');
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
