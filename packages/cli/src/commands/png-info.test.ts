import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePngText } from '@sdwebui/infotext';
import { createMockServer } from '@sdwebui/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../index.js';
import { captureIo } from '../testing/io.js';

let work: string;
let png: Uint8Array;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sdwebui-cli-png-info-'));
  const mock = await createMockServer();
  try {
    const out = join(work, 'made.png');
    const io = captureIo();
    await runCli(['node', 'sdwebui', 'txt2img', 'a', '--steps', '1', '--size', '16x16', '-o', out, '--url', mock.url], {
      io,
      onInterrupt: () => {},
    });
    png = new Uint8Array(await readFile(out));
  } finally {
    await mock.close();
  }
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('sdwebui png-info', () => {
  it('prints an infotext without terminal control sequences; --json keeps it as it is', async () => {
    const hostile = join(work, 'hostile.png');
    const infotext = 'a cat\u001b]0;owned\u0007\u001b[2J\nSteps: 20, Seed: 1';
    await writeFile(hostile, writePngText(png, { parameters: infotext }));
    const io = captureIo();
    expect(await runCli(['node', 'sdwebui', 'png-info', hostile], { io })).toBe(0);
    expect(io.stdout).toEqual(['a cat]0;owned[2J\nSteps: 20, Seed: 1']);
    const json = captureIo();
    expect(await runCli(['node', 'sdwebui', 'png-info', hostile, '--json'], { io: json })).toBe(0);
    expect(JSON.parse(json.stdout.join('\n')).infotext).toBe(infotext);
  });

  // Before, --json was JSON.stringify, which escapes C0 but leaves C1 (a CSI) and overrides raw.
  it('--json escapes C1 characters and bidirectional overrides, losslessly', async () => {
    const hostile = join(work, 'c1.png');
    const infotext = 'a cat\u009b2J \u202etxt.exe\nSteps: 20, Seed: 1';
    await writeFile(hostile, writePngText(png, { parameters: infotext }));
    const json = captureIo();
    expect(await runCli(['node', 'sdwebui', 'png-info', hostile, '--json'], { io: json })).toBe(0);
    const text = json.stdout.join('\n');
    expect(text).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(text).infotext).toBe(infotext);
  });

  it('reads keys named like Object.prototype members as data (issue #23)', async () => {
    const file = join(work, 'keys.png');
    const infotext = 'a cat\nSteps: 5, __proto__: p, valueOf: v, constructor: c, Seed: 1';
    await writeFile(file, writePngText(png, { parameters: infotext }));
    const io = captureIo();
    expect(await runCli(['node', 'sdwebui', 'png-info', file, '--json'], { io })).toBe(0);
    const printed = JSON.parse(io.stdout.join('\n'));
    expect(Object.entries(printed.params)).toEqual([
      ['Steps', '5'],
      ['__proto__', 'p'],
      ['valueOf', 'v'],
      ['constructor', 'c'],
      ['Seed', '1'],
    ]);
    expect(Object.keys(printed.extra)).toEqual(['__proto__', 'valueOf', 'constructor']);
  });

  it('a file that is not a PNG, or has no parameters, is one line', async () => {
    const text = join(work, 'notes.txt');
    await writeFile(text, 'hello');
    const io = captureIo();
    expect(await runCli(['node', 'sdwebui', 'png-info', text], { io })).toBe(2);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^error: .*notes\.txt is not a readable PNG: /);
    const plain = captureIo();
    const stripped = join(work, 'stripped.png');
    await writeFile(stripped, removeParameters(png));
    expect(await runCli(['node', 'sdwebui', 'png-info', stripped], { io: plain })).toBe(1);
    expect(plain.stderr).toEqual([
      `${stripped} has no generation parameters (no "parameters" chunk, no EXIF UserComment)`,
    ]);
  });
});

/** The PNG without its tEXt chunks. */
function removeParameters(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(bytes.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (type !== 'tEXt' && type !== 'iTXt') parts.push(bytes.subarray(at, end));
    at = end;
  }
  return Buffer.concat(parts);
}
