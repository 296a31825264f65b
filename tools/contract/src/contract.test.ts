import { mkdir, writeFile } from 'node:fs/promises';
import { createWebuiClient, type Target } from '@sdwebui/client';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKS } from './checks.js';
import { loadValidator, validatingFetch, type Violation } from './validating-fetch.js';

/**
 * The SDK's end-to-end contract, per webui version: against the mock for each profile, and
 * against a real webui when SDWEBUI_URL is set (read-only unless SDWEBUI_CONTRACT_WRITES=1,
 * since generation and settings changes touch a shared server).
 */
interface Subject {
  name: string;
  target: Target;
  writes: boolean;
  start(): Promise<{ url: string; auth?: string; stop(): Promise<void> }>;
}

const MOCK_PROFILES = ['a1111-1.10', 'a1111-1.7', 'a1111-1.4'] as const satisfies readonly Target[];
const subjects: Subject[] = MOCK_PROFILES.map((target) => ({
  name: `mock ${target}`,
  target,
  writes: true,
  start: async () => {
    const server: MockServer = await createMockServer({ profile: target, stepMs: 5 });
    return { url: server.url, stop: () => server.close() };
  },
}));
const live = process.env.SDWEBUI_URL;
const liveSubject: Subject = {
  name: `live ${live}`,
  target: (process.env.SDWEBUI_TARGET ?? 'a1111-1.10') as Target,
  writes: process.env.SDWEBUI_CONTRACT_WRITES === '1',
  start: async () => ({
    url: live as string,
    ...(process.env.SDWEBUI_AUTH ? { auth: process.env.SDWEBUI_AUTH } : {}),
    stop: async () => {},
  }),
};

const matrix = new Map<string, Map<string, string>>();

function suite(subject: Subject) {
  describe(subject.name, () => {
    const violations: Violation[] = [];
    let started: Awaited<ReturnType<Subject['start']>> | undefined;
    const column = new Map<string, string>();
    matrix.set(subject.name, column);
    afterAll(async () => started?.stop());

    for (const { name, writes, check } of CHECKS) {
      it.skipIf(writes && !subject.writes)(name, async () => {
        started ??= await subject.start();
        const client = createWebuiClient({
          baseUrl: started.url,
          target: subject.target,
          fetch: validatingFetch(await loadValidator(subject.target), violations),
          ...(started.auth ? { auth: started.auth } : {}),
        });
        await client.detect();
        const before = violations.length;
        const supported = await check({ client, writes: subject.writes });
        expect(violations.slice(before), 'every reply conforms to the spec').toEqual([]);
        column.set(name, supported ? 'yes' : 'no (version)');
      });
    }
  });
}

subjects.forEach(suite);
describe.skipIf(!live)('against a real webui (SDWEBUI_URL)', () => suite(liveSubject));

afterAll(async () => {
  const columns = [...matrix.entries()].filter(([, column]) => column.size > 0);
  const lines = [
    `| SDK feature | ${columns.map(([name]) => name).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
  ];
  for (const { name } of CHECKS)
    lines.push(`| ${name} | ${columns.map(([, column]) => column.get(name) ?? 'skipped').join(' | ')} |`);
  const table = lines.join('\n');
  await mkdir(new URL('../results/', import.meta.url), { recursive: true });
  await writeFile(new URL('../results/support.md', import.meta.url), `${table}\n`);
  console.log(`\nSDK features per webui (also in tools/contract/results/support.md):\n${table}`);
});
