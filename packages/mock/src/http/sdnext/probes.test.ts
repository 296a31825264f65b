import { describe, it } from 'vitest';
import { expectForkProbe, loadForkProbes } from '../../testing/fork-corpus/index.js';
import { createMockApp } from '../app/index.js';

/**
 * The fork-specs probes (`sdnext-058a7f0.errors.json`): SD.Next's real app with the generation handlers
 * replaced by an echo. Error probes are compared whole (status, content type, `Allow`, body bytes); for
 * the echoed ones a real SD.Next goes on to generate, so the status and the parsed values are compared.
 */
describe("sdnext against the fork-specs probes of SD.Next's real app", () => {
  const probes = loadForkProbes(
    new URL('../../testing/sdnext-corpus/fixtures/sdnext-058a7f0.errors.json', import.meta.url),
  );
  const { app } = createMockApp({ profile: 'sdnext', stepMs: 0 });

  it.each(probes.map((probe) => [probe.probe, probe] as const))('%s', async (_name, probe) => {
    await expectForkProbe(app, probe);
  });
});
