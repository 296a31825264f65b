import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { writeFilesAtomically } from '../atomic-write/index.js';
import { generateTypes } from '../codegen/index.js';
import { isOpenApi3, stableStringify, type OpenApiDocument } from '../document/index.js';
import { normalizeSpec, type NormalizeReport } from '../normalize/index.js';
import { loadOverlays } from '../overlay/index.js';

/**
 * A target is one folder of `spec/` (e.g. `spec/a1111-1.10`) holding a pulled
 * `openapi.raw.json`. From it the pipeline derives `openapi.json`, `extensions/<ns>.json`
 * and the generated client types `<outDir>/<target>.ts`.
 */
export interface PipelineOptions {
  /** The `spec/` folder: targets plus `overlays/`. */
  specDir: string;
  /** Where generated TypeScript goes (`packages/client/src/generated`). */
  outDir: string;
  /** Limit to these targets; default: every folder with an `openapi.raw.json`. */
  targets?: readonly string[];
  /** Overlay folder; default `<specDir>/overlays`. */
  overlaysDir?: string;
}

export interface PipelineResult {
  /** Every file the pipeline owns, path → exact content. */
  files: Map<string, string>;
  reports: Record<string, NormalizeReport>;
}

export async function listTargets(specDir: string): Promise<string[]> {
  const entries = await readdir(specDir, { withFileTypes: true });
  const targets: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const exists = await stat(join(specDir, entry.name, 'openapi.raw.json')).then(
      () => true,
      () => false,
    );
    if (exists) targets.push(entry.name);
  }
  return targets.sort();
}

export async function readSpecFile(path: string): Promise<OpenApiDocument> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!isOpenApi3(parsed)) throw new Error(`${path} is not an OpenAPI 3.x document`);
  return parsed;
}

/** Runs normalize + codegen for the targets in memory; nothing is written. */
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const overlays = await loadOverlays(options.overlaysDir ?? join(options.specDir, 'overlays')).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const targets = options.targets ?? (await listTargets(options.specDir));
  const files = new Map<string, string>();
  const reports: Record<string, NormalizeReport> = {};
  for (const target of targets) {
    const dir = join(options.specDir, target);
    const raw = await readSpecFile(join(dir, 'openapi.raw.json'));
    const { core, extensions, report } = normalizeSpec(raw, { overlays });
    reports[target] = report;
    const corePath = join(dir, 'openapi.json');
    files.set(corePath, stableStringify(core));
    for (const [namespace, doc] of Object.entries(extensions).sort(([a], [b]) => a.localeCompare(b))) {
      files.set(join(dir, 'extensions', `${namespace}.json`), stableStringify(doc));
    }
    const source = relative(options.outDir, corePath).split('\\').join('/').replace(/^(\.\.\/)+/, '');
    files.set(join(options.outDir, `${target}.ts`), await generateTypes(core, source));
  }
  return { files, reports };
}

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
