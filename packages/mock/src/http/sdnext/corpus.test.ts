import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMockApp } from '../app/index.js';
import {
  CORPUS_AUTH,
  CORPUS_CLOCK_START,
  loadSdnextCorpus,
  matchRates,
  replaySdnextCorpus,
} from '../../testing/sdnext-corpus/replay.js';

const corpus = loadSdnextCorpus();

describe("sdnext against SD.Next 058a7f0's API code (the generated corpus)", () => {
  for (const auth of [false, true]) {
    it(`matches ${auth ? 'with' : 'without'} --auth`, async () => {
      const clock = { ms: CORPUS_CLOCK_START };
      const { app } = createMockApp({
        profile: 'sdnext',
        rateLimit: false,
        openapiError: true,
        now: () => clock.ms,
        ...(auth ? { apiAuth: CORPUS_AUTH } : {}),
      });
      const verdicts = await replaySdnextCorpus(corpus, app, clock, auth);
      const rates = matchRates(verdicts);
      console.log(`sdnext vs SD.Next ${auth ? 'with' : 'without'} --auth:`, JSON.stringify(rates));
      const dump = process.env.SDNEXT_CORPUS_MISMATCHES;
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
      expect(matched / total).toBeGreaterThanOrEqual(0.45);
    }, 300_000);
  }
});
