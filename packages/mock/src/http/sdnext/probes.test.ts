import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import type { PyJson } from '../../webui/python/index.js';
import { createMockApp } from '../app/index.js';

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
 * The fork-specs probes (`sdnext-058a7f0.errors.json`): SD.Next's real app with the generation handlers
 * replaced by an echo (`{"echo_validated": true, "parsed": …}`). Error probes are compared whole
 * (status, content type, `Allow`, body bytes); for the echoed ones a real SD.Next goes on to generate,
 * so the status and the parsed values are compared with the mock's `parameters`.
 */
describe("sdnext against the fork-specs probes of SD.Next's real app", () => {
  const probes = (
    parsePythonJson(
      readFileSync(new URL('../../testing/sdnext-corpus/fixtures/sdnext-058a7f0.errors.json', import.meta.url), 'utf8'),
    ) as unknown as { probes: Probe[] }
  ).probes;
  const { app } = createMockApp({ profile: 'sdnext', stepMs: 0 });

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
