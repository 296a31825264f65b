import { describe, expect, it } from 'vitest';
import { createMockApp } from '../app/index.js';
import { reportCorpusRun } from '../../testing/fork-corpus/index.js';
import {
  CORPUS_AUTH,
  CORPUS_CLOCK_START,
  loadSdnextCorpus,
  replaySdnextCorpus,
} from '../../testing/sdnext-corpus/replay.js';

const corpus = loadSdnextCorpus();

/**
 * Where the harness's FastAPI (0.162) answers otherwise than SD.Next's pinned 0.124.4, whose behaviour the
 * mock follows (its source at that tag): 0.124.4 parses a body without Content-Type as JSON (strict
 * content-type checking came in 0.132), and reports a JSON `null` body as `missing`.
 */
const KNOWN_HARNESS_DIFFERENCES = ['body/null', 'body/no-content-type'];

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
      reportCorpusRun(
        `sdnext vs SD.Next ${auth ? 'with' : 'without'} --auth`,
        'SDNEXT_CORPUS_MISMATCHES',
        auth,
        verdicts,
      );
      expect(verdicts.filter((verdict) => !verdict.match).map((verdict) => verdict.id)).toEqual(
        KNOWN_HARNESS_DIFFERENCES,
      );
    }, 300_000);
  }
});
