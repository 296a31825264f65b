import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createSpecValidator } from '@sdwebui/validate';
import { classifyRoute } from '../normalize/index.js';
import { readJson, readNormalized, repoPath, TARGETS } from '../testing/fixtures.js';

interface Recording {
  file: string;
  endpoint: string | null;
  method: string | null;
  status: number | null;
  body: unknown;
}

/** Recordings that are real but are not a response of an operation in our documents. */
const NOT_AN_OPERATION_RESPONSE: Record<string, string> = {
  'error-404-1.json': "Starlette's own 404: the route was not registered on that server, so no operation answered",
  'error-401-1.json': "Gradio's /file= route, which the normalizer drops with the other Gradio internals",
};

async function loadRecordings(): Promise<Recording[]> {
  const dir = repoPath('spec', 'recordings');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
  const recordings = await Promise.all(
    files.map(async (file) => ({ file, ...(await readJson<Omit<Recording, 'file'>>(`${dir}/${file}`)) })),
  );
  // Bodies that were pasted cut or as bare infotexts are strings: they are not JSON responses.
  return recordings.filter(
    (recording) => recording.method !== null && typeof recording.body === 'object' && recording.body !== null,
  );
}

const recordings = await loadRecordings();
const documents = Object.fromEntries(
  await Promise.all(
    TARGETS.map(async (target) => {
      const core = await readNormalized(target);
      const controlnet = await readJson<typeof core>(repoPath('spec', target, 'extensions', 'controlnet.json'));
      return [target, { core: createSpecValidator(core), controlnet: createSpecValidator(controlnet) }] as const;
    }),
  ),
);

describe('every recorded JSON response validates against the normalized spec + overlays', () => {
  it('has recordings to check', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(30);
  });

  for (const recording of recordings) {
    const skip = NOT_AN_OPERATION_RESPONSE[recording.file];
    it.skipIf(skip !== undefined)(
      `${recording.file} (${recording.method} ${recording.endpoint} ${recording.status ?? 500})`,
      () => {
        const endpoint = recording.endpoint as string;
        const owner = classifyRoute(endpoint);
        let checked = 0;
        for (const target of TARGETS) {
          const validators = documents[target];
          const validator = owner.kind === 'extension' ? validators?.controlnet : validators?.core;
          if (validator?.matchPath(endpoint) === undefined) continue;
          // The INDEX says a missing status is the 500 the handler raises.
          const result = validator.validateResponse(
            recording.method as string,
            endpoint,
            recording.status ?? 500,
            recording.body,
          );
          expect(result.errors, `${target}`).toEqual([]);
          checked++;
        }
        expect(checked, 'validated against at least one target').toBeGreaterThan(0);
      },
    );
  }
});

describe('overlay schemas are tight', () => {
  const validator = documents['a1111-1.10']?.core;
  it.each([
    ['GET', '/sdapi/v1/loras', [{ name: 'x', alias: 'x', path: '/x' }]],
    ['POST', '/sdapi/v1/interrogate', { text: 'a caption' }],
    ['POST', '/sdapi/v1/skip', {}],
    ['POST', '/sdapi/v1/interrupt', { interrupted: true }],
    [
      'GET',
      '/sdapi/v1/progress',
      { progress: 0, eta_relative: 0, state: { job: '' }, current_image: null, textinfo: null },
    ],
    ['GET', '/sdapi/v1/memory', { ram: { free: 1 }, cuda: { error: 'unavailable' } }],
    ['GET', '/internal/pending-tasks', { size: 1, tasks: [1] }],
  ] as const)('%s %s rejects %j', (method, path, body) => {
    expect(validator?.validateResponse(method, path, 200, body).valid).toBe(false);
  });

  it.each([
    ['POST', '/sdapi/v1/skip', null],
    ['POST', '/sdapi/v1/options', null],
    ['POST', '/sdapi/v1/interrupt', {}],
    ['GET', '/sdapi/v1/memory', { ram: { free: 1, used: 2, total: 3 }, cuda: { error: 'unavailable' } }],
    ['GET', '/internal/pending-tasks', { size: 1, tasks: ['task(txt2img-ABC1234)'] }],
  ] as const)('%s %s accepts %j', (method, path, body) => {
    expect(validator?.validateResponse(method, path, 200, body).errors).toEqual([]);
  });
});

describe('without normalization the captures reject real responses', () => {
  it('the raw 1.10 capture rejects the recorded /sd-models (config: null) and cannot check /loras at all', async () => {
    const raw = createSpecValidator(await readJson(repoPath('spec', 'a1111-1.10', 'openapi.raw.json')));
    const models = recordings.find((recording) => recording.file === 'sdapi-v1-sd-models-1.json');
    expect(raw.validateResponse('GET', '/sdapi/v1/sd-models', 200, models?.body).valid).toBe(false);
    expect(raw.validateResponse('GET', '/sdapi/v1/loras', 200, 'anything at all').valid).toBe(true);
  });
});
