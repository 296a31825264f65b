import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { writeFilesAtomically } from '@sdwebui/internal/atomic-write';
import { generateTypes } from '../codegen/index.js';
import { isOpenApi3, stableStringify, type OpenApiDocument } from '../document/index.js';
import { normalizeSpec, type NormalizeReport } from '../normalize/index.js';
import { loadOverlays, type NamedOverlay } from '../overlay/index.js';
import { SHIPPED_OVERLAYS_DIR, shippedForkOverlays, shippedOverlays } from '../shipped-overlays/index.js';
import { readTargetDeclaration, TargetDeclarationError } from './declaration.js';
import { generateIndex, type GeneratedTarget } from '../generated-index/index.js';
import { generateScriptTypes } from '../script-codegen/index.js';
import { parseScriptsCapture } from '../scripts/index.js';

/**
 * A target is one folder of `spec/` (e.g. `spec/a1111-1.10`) holding a pulled
 * `openapi.raw.json`, or a `target.json` naming the target whose capture it derives from
 * (`{"base": "a1111-1.10"}`: a fork no public capture exists for). Its own `overlays/` apply
 * after the shared ones. From them the pipeline derives `openapi.json`, `extensions/<ns>.json`
 * and the generated client types `<outDir>/<target>.ts`.
 */
export interface PipelineOptions {
  /** The `spec/` folder: targets plus `overlays/`. */
  specDir: string;
  /** Where generated TypeScript goes (`packages/client/src/generated`). */
  outDir: string;
  /** Limit to these targets; default: every folder with an `openapi.raw.json`. */
  targets?: readonly string[];
  /**
   * Shared overlay folder; default `<specDir>/overlays`, and without that folder the overlays shipped
   * with this package (a warning says so). A target's own `overlays/` apply after them; a target
   * without that folder gets the shipped overlays of the fork its `target.json` declares.
   */
  overlaysDir?: string;
}

/**
 * Extensions whose routes and argument models ship as client types (`<target>.<namespace>.ts`),
 * where the target's capture has them. Other extensions keep only their normalized document.
 */
const SHIPPED_EXTENSIONS = ['controlnet', 'adetailer'] as const;

export interface PipelineResult {
  /** Every file the pipeline owns, path → exact content. */
  files: Map<string, string>;
  reports: Record<string, NormalizeReport>;
  /** What the run chose for the user and should be told, e.g. the shipped overlays for a folder without any. */
  warnings: string[];
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/** The targets of a `spec/` folder: its folders with an `openapi.raw.json` or a `target.json`, sorted. */
export async function listTargets(specDir: string): Promise<string[]> {
  const entries = await readdir(specDir, { withFileTypes: true });
  const targets: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = join(specDir, entry.name);
    if ((await exists(join(dir, 'openapi.raw.json'))) || (await exists(join(dir, 'target.json'))))
      targets.push(entry.name);
  }
  return targets.sort();
}

/**
 * The raw capture a target is normalized from: its own `openapi.raw.json` when it has one (a
 * real pull always wins), else what its `target.json` names: a file of `spec/captures/`
 * (`"capture": "forge-dfdcbab.openapi.json"`), or the capture of another target (`"base"`).
 */
export async function rawSpecPath(specDir: string, target: string): Promise<string> {
  const own = join(specDir, target, 'openapi.raw.json');
  if (await exists(own)) return own;
  const { base, capture } = await readTargetDeclaration(join(specDir, target));
  if (capture !== undefined) return join(specDir, 'captures', capture);
  if (base === undefined || base === target) {
    throw new TargetDeclarationError(
      `spec/${target}/target.json: "base" must name another target folder, e.g. "a1111-1.10" (or "capture" a file of spec/captures/): the target has no openapi.raw.json`,
    );
  }
  return join(specDir, base, 'openapi.raw.json');
}

/** A folder's overlays; `undefined` when it has no such folder. */
async function loadOverlayDir(dir: string): Promise<NamedOverlay[] | undefined> {
  return loadOverlays(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

/** `<specDir>/overlays/` (or `overlaysDir`); without one, the shipped overlays, said in a warning. */
async function sharedOverlays(options: PipelineOptions, warnings: string[]): Promise<NamedOverlay[]> {
  if (options.overlaysDir !== undefined) return (await loadOverlayDir(options.overlaysDir)) ?? [];
  const dir = join(options.specDir, 'overlays');
  const own = await loadOverlayDir(dir);
  if (own !== undefined) return own;
  const shipped = await shippedOverlays();
  warnings.push(
    `${dir} not found: using the ${shipped.length} overlays shipped with @sdwebui/spec (${SHIPPED_OVERLAYS_DIR}); copy them there to change them`,
  );
  return shipped;
}

/** A target's own `overlays/`; without one, the overlays shipped for its declared fork, said in a warning. */
async function targetOverlays(specDir: string, target: string, warnings: string[]): Promise<NamedOverlay[]> {
  const dir = join(specDir, target, 'overlays');
  const own = await loadOverlayDir(dir);
  if (own !== undefined) return own;
  const { fork } = await readTargetDeclaration(join(specDir, target));
  const shipped = fork === undefined ? [] : await shippedForkOverlays(fork);
  if (shipped.length > 0)
    warnings.push(
      `${dir} not found: using the ${fork} overlays shipped with @sdwebui/spec (${join(SHIPPED_OVERLAYS_DIR, 'forks', fork ?? '')}); copy them there to change them`,
    );
  return shipped;
}

/** Reads an OpenAPI 3.x document from a file; anything else is an error naming the file. */
export async function readSpecFile(path: string): Promise<OpenApiDocument> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!isOpenApi3(parsed)) throw new Error(`${path} is not an OpenAPI 3.x document`);
  return parsed;
}

/** Runs normalize + codegen for the targets in memory; nothing is written. */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const warnings: string[] = [];
  const shared = await sharedOverlays(options, warnings);
  const targets = options.targets ?? (await listTargets(options.specDir));
  const files = new Map<string, string>();
  const generated = (target: string, suffix: string) => join(options.outDir, `${target}${suffix}.ts`);
  const reports: Record<string, NormalizeReport> = {};
  for (const target of targets) {
    const dir = join(options.specDir, target);
    const raw = await readSpecFile(await rawSpecPath(options.specDir, target));
    const own = (await targetOverlays(options.specDir, target, warnings)).map(({ name, overlay }) => ({
      name: `${target}/${name}`,
      overlay,
    }));
    // A server with an API of its own (SD.Next) declares `sharedOverlays: false`: A1111's shapes are not its.
    const { sharedOverlays } = await readTargetDeclaration(dir);
    const overlays = sharedOverlays === false ? own : [...shared, ...own];
    const { core, extensions, report } = normalizeSpec(raw, { overlays });
    reports[target] = report;
    const corePath = join(dir, 'openapi.json');
    files.set(corePath, stableStringify(core));
    for (const [namespace, doc] of Object.entries(extensions).sort(([a], [b]) => a.localeCompare(b))) {
      files.set(join(dir, 'extensions', `${namespace}.json`), stableStringify(doc));
    }
    const sourceOf = (path: string) =>
      relative(options.outDir, path)
        .split('\\')
        .join('/')
        .replace(/^(\.\.\/)+/, '');
    files.set(join(options.outDir, `${target}.ts`), await generateTypes(core, sourceOf(corePath)));
    for (const namespace of SHIPPED_EXTENSIONS) {
      const doc = extensions[namespace];
      if (doc === undefined) continue;
      const docPath = join(dir, 'extensions', `${namespace}.json`);
      files.set(generated(target, `.${namespace}`), await generateTypes(doc, sourceOf(docPath)));
    }
    const scriptsPath = join(dir, 'scripts.json');
    const scripts = await readFile(scriptsPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (scripts !== undefined) {
      const capture = parseScriptsCapture(JSON.parse(scripts));
      files.set(generated(target, '.scripts'), generateScriptTypes(capture, sourceOf(scriptsPath)));
    }
  }
  // The index covers every target, also those this run left alone (their files are on disk).
  const present = async (path: string) => files.has(path) || (await exists(path));
  const indexed: GeneratedTarget[] = [];
  for (const target of await listTargets(options.specDir)) {
    const extensions: string[] = [];
    for (const namespace of SHIPPED_EXTENSIONS)
      if (await present(generated(target, `.${namespace}`))) extensions.push(namespace);
    indexed.push({ target, extensions, scripts: await present(generated(target, '.scripts')) });
  }
  files.set(join(options.outDir, 'index.ts'), generateIndex(indexed, SHIPPED_EXTENSIONS));
  return { files, reports, warnings };
}

/** Writes every file of a pipeline run, all staged before the first rename. */
export async function writePipelineOutputs(result: PipelineResult): Promise<void> {
  await writeFilesAtomically([...result.files].map(([path, content]) => ({ path, content })));
}

/** Files whose committed content differs from what the pipeline produces (missing files included). */
export async function stalePipelineOutputs(result: PipelineResult): Promise<string[]> {
  const stale: string[] = [];
  for (const [path, content] of result.files) {
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current !== content) stale.push(path);
  }
  return stale;
}
