import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';
import { renderPng } from '../png/index.js';
import { pilOpens } from '../png/pil-open.js';
import { decodeImageInput } from './image-input.js';

const tinyPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';
const WEBUI = (detail: string) => ({ error: 'HTTPException', detail, body: '', errors: '' });
const PYTHON = (error: string, errors: string) => ({ error, detail: '', body: '', errors });

/** Issue #12 class 7, image decoding: `decode_base64_to_image` raising where it raises. */
describe("class 7: the webui's own errors, raised where the webui raises them (images)", () => {
  const { call } = testMock();

  it('a data URL without ";" or without "," is the IndexError of split(";")[1].split(",")[1]', async () => {
    for (const image of [`data:image/png,${tinyPng}`, `data:image/png;base64${tinyPng}`]) {
      expect(await call('POST', '/sdapi/v1/png-info', { image }), image.slice(0, 24)).toMatchObject({
        status: 500,
        json: PYTHON('IndexError', 'list index out of range'),
      });
    }
    // Only the part between the first ';' and the next ',' … up to the following ',' is decoded.
    expect((await call('POST', '/sdapi/v1/png-info', { image: `data:image/png;base64,${tinyPng}` })).status).toBe(200);
    expect((await call('POST', '/sdapi/v1/png-info', { image: `data:image/png;x=1;base64,${tinyPng}` })).status).toBe(
      500,
    );
  });

  it('a non-string init image fails on .startswith: AttributeError naming the Python type', async () => {
    const cases: Array<[string, string]> = [
      ['1', 'int'],
      ['1.5', 'float'],
      ['null', 'NoneType'],
      ['true', 'bool'],
      ['[]', 'list'],
      ['{}', 'dict'],
    ];
    for (const [json, type] of cases) {
      const reply = await call('POST', '/sdapi/v1/img2img', `{"init_images": [${json}]}`);
      expect(reply, json).toMatchObject({
        status: 500,
        json: PYTHON('AttributeError', `'${type}' object has no attribute 'startswith'`),
      });
    }
  });

  it('a URL to a local address is refused, port and user info included (they do not resolve)', async () => {
    for (const image of [
      'http://127.0.0.1/a.png',
      'https://localhost/a.png',
      'http://10.1.2.3/x',
      'http://192.168.0.1/x',
      'http://169.254.169.254/',
      'http://2130706433/',
      'http://example.com:80/a.png',
      'http://[::1]/a.png',
      'http://100.64.0.1/',
    ]) {
      expect(await call('POST', '/sdapi/v1/png-info', { image }), image).toMatchObject({
        status: 500,
        json: WEBUI('Request to local resource not allowed'),
      });
    }
    expect(await call('POST', '/sdapi/v1/png-info', { image: 'http://8.8.8.8/a.png' })).toMatchObject({
      status: 500,
      json: WEBUI('Invalid image url'),
    });
  });

  it('payloads that are not images fail with "Invalid encoded image", never 200 with empty info', async () => {
    const png = Buffer.from(tinyPng, 'base64');
    const payloads = {
      'PNG signature only': png.subarray(0, 8),
      'JPEG magic then garbage': Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('garbage, not markers')]),
      'PNG cut inside IHDR': png.subarray(0, 20),
      'PNG with a bad IHDR CRC': Buffer.concat([png.subarray(0, 29), Buffer.from([0, 0, 0, 0]), png.subarray(33)]),
    };
    for (const [name, bytes] of Object.entries(payloads)) {
      expect(await call('POST', '/sdapi/v1/png-info', { image: bytes.toString('base64') }), name).toMatchObject({
        status: 500,
        json: WEBUI('Invalid encoded image'),
      });
      expect(
        (await call('POST', '/sdapi/v1/extra-single-image', { image: bytes.toString('base64') })).status,
        name,
      ).toBe(500);
    }
  });

  it('pilOpens: lazy, so a PNG cut inside its pixel data opens; a JPEG needs a frame before its scan', async () => {
    const png = await renderPng(4, 4, 'k', { parameters: 'x' });
    const idat = Buffer.from(png).indexOf('IDAT');
    expect(pilOpens(png)).toBe(true);
    expect(pilOpens(png.subarray(0, idat + 6))).toBe(true);
    expect(pilOpens(png.subarray(0, 8))).toBe(false);
    const segment = (marker: number, body: number[]) => [0xff, marker, 0, body.length + 2, ...body];
    const jpeg = (...parts: number[][]) => new Uint8Array([0xff, 0xd8, ...parts.flat()]);
    expect(
      pilOpens(jpeg(segment(0xe0, [1, 2]), segment(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]), segment(0xda, [1]))),
    ).toBe(true);
    expect(pilOpens(jpeg(segment(0xe0, [1, 2]), segment(0xda, [1])))).toBe(false);
    expect(pilOpens(new Uint8Array(deflateSync(Buffer.from('not an image'))))).toBe(false);
  });
});

describe('class 7: a PNG cut inside its pixel data', () => {
  it('opens for png-info (PIL is lazy) but fails where the webui loads pixels: OSError', async () => {
    const { call } = testMock();
    const png = Buffer.from(await renderPng(16, 16, 'cut', { parameters: 'a cat\nSteps: 3' }));
    const cut = png.subarray(0, png.indexOf('IDAT') + 12).toString('base64');
    const info = await call('POST', '/sdapi/v1/png-info', { image: cut });
    expect(info.status).toBe(200);
    expect(info.json.info).toBe('a cat\nSteps: 3');
    const truncated = PYTHON('OSError', 'image file is truncated');
    expect(await call('POST', '/sdapi/v1/img2img', { init_images: [cut], steps: 1 })).toMatchObject({
      status: 500,
      json: truncated,
    });
    expect(await call('POST', '/sdapi/v1/extra-single-image', { image: cut })).toMatchObject({
      status: 500,
      json: truncated,
    });
    expect(await call('POST', '/sdapi/v1/interrogate', { image: cut, model: 'x' })).toMatchObject({
      status: 500,
      json: truncated,
    });
    expect(
      (
        await call('POST', '/sdapi/v1/img2img', {
          init_images: [png.toString('base64')],
          steps: 1,
          width: 8,
          height: 8,
        })
      ).status,
    ).toBe(200);
  });
});

describe('class 7: image URLs follow the api_* options', () => {
  it('the api_* options are restrict_api: POST /options cannot turn the local-URL check off', async () => {
    const { call } = testMock();
    expect((await call('POST', '/sdapi/v1/options', { api_forbid_local_requests: false })).status).toBe(200);
    const local = { image: 'http://127.0.0.1/a.png' };
    expect((await call('POST', '/sdapi/v1/png-info', local)).json.detail).toBe('Request to local resource not allowed');
  });

  it('decodeImageInput: requests disabled is "Requests not allowed"; local allowed leaves an unreadable URL', () => {
    const policy = { urls: true, enableRequests: false, forbidLocalRequests: true };
    expect(() => decodeImageInput('https://8.8.8.8/a.png', policy)).toThrow('Requests not allowed');
    const local = { urls: true, enableRequests: true, forbidLocalRequests: false };
    expect(() => decodeImageInput('http://127.0.0.1/a.png', local)).toThrow('Invalid image url');
  });

  it('before 1.6 a URL is no URL: it is decoded as base64 and is no image', async () => {
    const { call } = testMock({ profile: 'a1111-1.4' });
    expect((await call('POST', '/sdapi/v1/png-info', { image: 'http://127.0.0.1/a.png' })).json.detail).toBe(
      'Invalid encoded image',
    );
  });
});
