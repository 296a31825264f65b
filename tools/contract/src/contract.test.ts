import { mkdir, writeFile } from 'node:fs/promises';
import { createWebuiClient, type Fork, type Target } from '@sdwebui/client';
import { createMockServer, PROFILE_IDS, type MockServer, type ProfileId } from '@sdwebui/mock';
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
  /** The client's `target`; undefined: the client adapts to what `detect()` finds. */
  target: Target | undefined;
  /** Whose normalized spec the replies are validated against. */
  spec: Target;
  /** The fork `detect()` must report, when known. */
  fork?: Fork;
  writes: boolean;
  start(): Promise<{ url: string; auth?: string; stop(): Promise<void> }>;
}

/** The fork each mock profile must be detected as; every profile is named after the client target it emulates. */
const FORKS: Record<string, Fork> = {
  'a1111-1.10': 'a1111',
  'a1111-1.7': 'a1111',
  'a1111-1.4': 'a1111',
  'forge-2': 'forge',
  sdnext: 'sdnext',
};

function mockSubject(profile: ProfileId, target: Target | undefined): Subject {
  return {
    name: target === undefined ? `mock ${profile} (detected)` : `mock ${profile}`,
    target,
    spec: profile as Target,
    fork: FORKS[profile] as Fork,
    writes: true,
    start: async () => {
      const server: MockServer = await createMockServer({ profile, stepMs: 5 });
      return { url: server.url, stop: () => server.close() };
    },
  };
}

// Every mock profile with the client told its target; the forks (Forge, SD.Next, whose profile the mock
// may not have yet) also with the client left to detect them.
const DETECTED = ['forge-2', 'sdnext'].filter((profile): profile is ProfileId =>
  (PROFILE_IDS as readonly string[]).includes(profile),
);
const subjects: Subject[] = [
  ...PROFILE_IDS.map((profile) => mockSubject(profile, profile as Target)),
  ...DETECTED.map((profile) => mockSubject(profile, undefined)),
];
const live = process.env.SDWEBUI_URL;
const liveTarget = (process.env.SDWEBUI_TARGET ?? 'a1111-1.10') as Target;
const liveSubject: Subject = {
  name: `live ${live}`,
  target: liveTarget,
  spec: liveTarget,
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
          ...(subject.target ? { target: subject.target } : {}),
          fetch: validatingFetch(await loadValidator(subject.spec), violations),
          ...(started.auth ? { auth: started.auth } : {}),
        });
        await client.detect();
        const before = violations.length;
        const supported = await check({
          client,
          writes: subject.writes,
          ...(subject.fork ? { fork: subject.fork } : {}),
        });
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
