import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import type { PyJson } from '../../webui/python/index.js';
import { createMockApp } from './index.js';
import { withExtensionOptions } from '../../webui/extensions/options.js';
import { CORPUS_API_AUTH, loadCorpus, matchRates, replayCorpus } from '../../testing/forge-v2-corpus/replay.js';

const corpus = loadCorpus();
/** The emulated extensions' settings (built-in ControlNet, ADetailer): the mock holds them, Forge's harness (no extension loaded) does not. */
const extensionOptions = new Set(
  Object.keys(withExtensionOptions({}, ['controlnet', 'adetailer']).properties as object),
);

describe('forge-2 against Forge dfdcbab under pydantic v2 (the generated corpus)', () => {
  for (const auth of [false, true]) {
    it(`matches on >= 97% ${auth ? 'with' : 'without'} --api-auth`, async () => {
      const { app } = createMockApp({ profile: 'forge-2', ...(auth ? { apiAuth: CORPUS_API_AUTH } : {}) });
      const verdicts = await replayCorpus(corpus, app, auth, extensionOptions);
      const rates = matchRates(verdicts);
      // The report: matched/total per category (and `all`).
      console.log(`forge-2 vs Forge ${auth ? 'with' : 'without'} --api-auth:`, JSON.stringify(rates));
      const dump = process.env.FORGE_CORPUS_MISMATCHES;
      if (dump)
        writeFileSync(
          `${dump}.${auth ? 'auth' : 'noauth'}.json`,
          JSON.stringify(
            verdicts.filter((v) => !v.match),
            null,
            1,
          ),
        );
      const [matched, total] = rates.all as [number, number];
      expect(matched / total).toBeGreaterThanOrEqual(0.97);
      for (const [category, [hits, count]] of Object.entries(rates))
        expect(hits / count, category).toBeGreaterThanOrEqual(0.9);
    }, 300_000);
  }
});

interface Probe {
  probe: string;
  method: string;
  path: string;
  request: unknown;
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * The fork-specs probes (`forge-dfdcbab.errors.json`): the same app, with the generation handlers
 * replaced by an echo of what FastAPI parsed (`{"echo_validated": true, "parsed": {steps, width,
 * height, prompt}}`), so for those two the parsed values are compared with the mock's echo.
 */
describe("forge-2 against the fork-specs probes of Forge's real app", () => {
  const probes = (
    parsePythonJson(
      readFileSync(
        new URL('../../testing/forge-v2-corpus/fixtures/forge-dfdcbab.errors.json', import.meta.url),
        'utf8',
      ),
    ) as unknown as { probes: Probe[] }
  ).probes;
  const { app } = createMockApp({ profile: 'forge-2' });

  it.each(probes.map((probe) => [probe.probe, probe] as const))('%s', async (_name, probe) => {
    const init: RequestInit = { method: probe.method };
    if (typeof probe.request === 'string') init.body = probe.request;
    else if (probe.request !== null) init.body = fastapiJson(probe.request as PyJson);
    if (init.body !== undefined) init.headers = { 'content-type': 'application/json' };
    const response = await app.request(`http://testserver${probe.path}`, init);
    const headers = Object.fromEntries(
      [...response.headers].filter(([name]) => name === 'content-type' || name === 'allow'),
    );
    expect([response.status, headers]).toEqual([probe.status, probe.headers]);
    const text = await response.text();
    if (probe.body.echo_validated === true) {
      const parsed = probe.body.parsed as Record<string, unknown>;
      const echoed = JSON.parse(text).parameters;
      expect(Object.fromEntries(Object.keys(parsed).map((key) => [key, echoed[key]]))).toEqual(parsed);
    } else expect(text).toBe(fastapiJson(probe.body as PyJson));
  });
});
