import { describe, expect, it } from 'vitest';
import { createMockApp } from './index.js';
import { withExtensionOptions } from '../../webui/extensions/options.js';
import { expectForkProbe, loadForkProbes, reportCorpusRun } from '../../testing/fork-corpus/index.js';
import { CORPUS_API_AUTH, loadCorpus, replayCorpus } from '../../testing/forge-v2-corpus/replay.js';

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
      // The report: matched/total per category (and `all`).
      const rates = reportCorpusRun(
        `forge-2 vs Forge ${auth ? 'with' : 'without'} --api-auth`,
        'FORGE_CORPUS_MISMATCHES',
        auth,
        verdicts,
      );
      const [matched, total] = rates.all as [number, number];
      expect(matched / total).toBeGreaterThanOrEqual(0.97);
      for (const [category, [hits, count]] of Object.entries(rates))
        expect(hits / count, category).toBeGreaterThanOrEqual(0.9);
    }, 300_000);
  }
});

describe("forge-2 against the fork-specs probes of Forge's real app", () => {
  const probes = loadForkProbes(
    new URL('../../testing/forge-v2-corpus/fixtures/forge-dfdcbab.errors.json', import.meta.url),
  );
  const { app } = createMockApp({ profile: 'forge-2' });

  it.each(probes.map((probe) => [probe.probe, probe] as const))('%s', async (_name, probe) => {
    await expectForkProbe(app, probe);
  });
});
