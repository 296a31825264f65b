import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, type ProjectReflection } from 'typedoc';

/** A plugin of this package, by folder (`generated-summary`). */
export const pluginPath = (name: string) => fileURLToPath(new URL(`../${name}/index.mjs`, import.meta.url));

/**
 * Converts a small TypeScript project (`files`: path → source, entry `src/index.ts`) with TypeDoc and
 * the given plugins, in a temp folder that is removed afterwards; returns the project and the warnings.
 */
export async function convertWith(
  plugins: readonly string[],
  files: Record<string, string>,
  /** Load Node's types (`@types/node`, slow to convert): only for a fixture that imports `node:*`. */
  { nodeTypes = false } = {},
): Promise<{ project: ProjectReflection; warnings: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-typedoc-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    // The fixture lives outside the workspace: Node's types come from this package's node_modules.
    const typeRoots = [fileURLToPath(new URL('../../node_modules/@types', import.meta.url))];
    const compilerOptions = {
      strict: true,
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      ...(nodeTypes ? { typeRoots } : { types: [] }),
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', version: '1.0.0', type: 'module' }));
    const app = await Application.bootstrapWithPlugins({
      entryPoints: [join(dir, 'src/index.ts')],
      tsconfig: join(dir, 'tsconfig.json'),
      plugin: [...plugins],
      logLevel: 'Warn',
      excludeExternals: false,
      // Source links from a fixed address, not from `git remote`: a clone without a usable remote
      // made TypeDoc warn, and each test expects no warning of its own.
      disableGit: true,
      sourceLinkTemplate: 'https://example.invalid/{path}#L{line}',
      gitRevision: 'main',
    });
    const warnings: string[] = [];
    app.logger.warn = (message: string) => void warnings.push(message);
    app.logger.error = (message: string) => void warnings.push(`error: ${message}`);
    const project = await app.convert();
    if (project === undefined) throw new Error(`TypeDoc did not convert the fixture: ${warnings.join('; ')}`);
    return { project, warnings };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
