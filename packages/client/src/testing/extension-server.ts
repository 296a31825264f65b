import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';
import { afterEach } from 'vitest';

/**
 * Test-only stand-in for a webui with ControlNet and ADetailer installed, until the mock
 * emulates them. Not recorded data: shapes and rules are taken from the reference's
 * EXTENSIONS.md (§1.7 detected maps after the generated images, §1.9 ControlNet routes,
 * §2.5 ADetailer routes, §3.10 Forge's built-in ControlNet) and the webui's scripts routes.
 * It records every request body so tests can assert what the client sent.
 */
export interface ExtensionServer {
  url: string;
  /** Parsed JSON bodies of the requests, by `METHOD /path`. */
  bodies: Array<{ route: string; body: unknown }>;
  close(): Promise<void>;
}

export interface ExtensionServerOptions {
  /** The `/internal/sysinfo` version (default `v1.10.1`; Forge: `f2.0.1v1.10.1-previous-669-gdfdcbab6`). */
  version?: string;
  /** `GET /sdapi/v1/scripts` (default: txt2img `x/y/z plot`, `controlnet`, `adetailer`). */
  scripts?: { txt2img: string[]; img2img: string[] };
  /** `GET /sdapi/v1/script-info`. */
  scriptInfo?: unknown[];
  /** Extra routes of the `/openapi.json` it serves (Forge: `GET /sdapi/v1/sd-modules`). */
  routes?: string[];
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A 1×1 grey PNG, with a `parameters` chunk when given one. */
export function tinyPng(grey: number, parameters?: string): string {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const text = parameters === undefined ? [] : [chunk('tEXt', Buffer.from(`parameters\0${parameters}`, 'latin1'))];
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    ...text,
    chunk('IDAT', deflateSync(Buffer.from([0, grey]))),
    chunk('IEND', Buffer.alloc(0)),
  ]).toString('base64');
}

type Unit = { enabled?: boolean; image?: unknown; save_detected_map?: boolean; module?: string; model?: string };

/** txt2img/img2img: one image per batch item, then one detected map per enabled unit with an image (§1.7). */
function generate(body: Record<string, unknown>, builtIn: boolean) {
  const scripts = (body.alwayson_scripts ?? {}) as Record<string, { args?: unknown[] }>;
  const lower = Object.fromEntries(Object.entries(scripts).map(([key, value]) => [key.toLowerCase(), value]));
  const units = ((lower.controlnet?.args ?? []) as Unit[]).filter(
    (unit) => typeof unit === 'object' && (unit.enabled ?? builtIn) && unit.image != null,
  );
  const extra: Record<string, unknown> = {};
  for (const [index, unit] of units.entries())
    extra[`ControlNet ${index}`] = `Module: ${unit.module}, Model: ${unit.model}`;
  const tabs = (lower.adetailer?.args ?? []).filter((arg) => typeof arg === 'object' && arg !== null);
  if (tabs.length > 0) extra['ADetailer model'] = (tabs[0] as { ad_model?: string }).ad_model;
  const count = Number(body.batch_size ?? 1);
  const infotexts = Array.from({ length: count }, (_, index) => `${body.prompt ?? ''}\nSeed: ${index + 1}`);
  const images = [
    ...infotexts.map((text, index) => tinyPng(index, text)),
    ...units.filter((unit) => unit.save_detected_map !== false).map((_, index) => tinyPng(200 + index)),
  ];
  const info = {
    prompt: body.prompt ?? '',
    all_seeds: infotexts.map((_, index) => index + 1),
    index_of_first_image: 0,
    infotexts,
    extra_generation_params: extra,
  };
  return { images, info: JSON.stringify(info), parameters: body };
}

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      resolve(text === '' ? undefined : JSON.parse(text));
    });
  });
}

const servers: ExtensionServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Starts the stand-in on a free loopback port; it is closed after the current test. */
export async function extensionServer(options: ExtensionServerOptions = {}): Promise<ExtensionServer> {
  const version = options.version ?? 'v1.10.1';
  const builtIn = version.startsWith('f');
  const scripts = options.scripts ?? { txt2img: ['x/y/z plot', 'controlnet', 'adetailer'], img2img: ['controlnet'] };
  const routes = [
    'POST /sdapi/v1/txt2img',
    'POST /sdapi/v1/img2img',
    'POST /internal/progress',
    'GET /sdapi/v1/schedulers',
    ...(options.routes ?? ['GET /sdapi/v1/sd-vae']),
  ];
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const [method, path] = route.split(' ') as [string, string];
    paths[path] = { ...paths[path], [method.toLowerCase()]: {} };
  }
  const spec = {
    paths,
    components: { schemas: { StableDiffusionProcessingTxt2Img: { properties: { scheduler: {}, force_task_id: {} } } } },
  };
  const answers: Record<string, (body: unknown) => unknown> = {
    'GET /internal/sysinfo': () => ({ Version: version }),
    'GET /openapi.json': () => spec,
    'GET /sdapi/v1/extensions': () => [{ name: 'sd-webui-controlnet' }, { name: 'adetailer' }],
    'POST /sdapi/v1/txt2img': (body) => generate(body as Record<string, unknown>, builtIn),
    'POST /sdapi/v1/img2img': (body) => generate(body as Record<string, unknown>, builtIn),
    'GET /sdapi/v1/scripts': () => scripts,
    'GET /sdapi/v1/schedulers': () => [{ name: 'simple', label: 'Simple', aliases: null }],
    'GET /sdapi/v1/script-info': () => options.scriptInfo ?? [],
    // The real capture's list (EXTENSIONS.md §1.9), then a few §1.10 preprocessor names.
    'GET /controlnet/model_list': () => ({
      model_list: [
        'control_v11p_sd15_canny [d14c016b]',
        'control_v11p_sd15_lineart [43d4be0d]',
        'control_v11p_sd15_openpose [cab727d4]',
      ],
    }),
    'GET /controlnet/module_list': () => ({
      module_list: builtIn
        ? ['None', 'canny', 'depth_midas', 'mlsd', 'openpose']
        : ['none', 'canny', 'depth', 'depth_midas', 'mlsd', 'openpose'],
    }),
    'GET /controlnet/control_types': () => ({
      control_types: {
        Canny: {
          module_list: ['none', 'canny'],
          model_list: ['None', 'control_v11p_sd15_canny [d14c016b]'],
          default_option: 'canny',
          default_model: 'control_v11p_sd15_canny [d14c016b]',
        },
      },
    }),
    'POST /controlnet/detect': (body) => ({
      info: 'Success',
      images: ((body as { controlnet_input_images?: unknown[] }).controlnet_input_images ?? []).map(() => tinyPng(128)),
    }),
    'GET /adetailer/v1/ad_model': () => ({ ad_model: ['face_yolov8n.pt', 'hand_yolov8n.pt'] }),
    'GET /sdapi/v1/options': () => ({
      sd_model_checkpoint: 'v1-5-pruned-emaonly.safetensors [6ce0161689]',
      CLIP_stop_at_last_layers: 1,
      ...(builtIn ? { forge_additional_modules: [] } : { sd_vae: 'Automatic' }),
    }),
    // Forge's VAE and text-encoder files (EXTENSIONS.md §3.3's shape).
    ...(builtIn
      ? {
          'GET /sdapi/v1/sd-modules': () =>
            ['ae.safetensors', 'clip_l.safetensors', 't5xxl_fp16.safetensors'].map((name) => ({
              model_name: name,
              filename: `/forge/models/${name.startsWith('ae') ? 'VAE' : 'text_encoder'}/${name}`,
            })),
        }
      : {}),
  };
  const state: ExtensionServer = {
    url: '',
    bodies: [],
    close: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  const http = createServer(async (request, response) => {
    const route = `${request.method} ${(request.url ?? '/').split('?')[0]}`;
    const body = await readBody(request);
    state.bodies.push({ route, body });
    const answer = answers[route];
    if (answer === undefined) return void response.writeHead(404).end('{"detail":"Not Found"}');
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(body)));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  servers.push(state);
  return state;
}
