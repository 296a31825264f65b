import { posix } from 'node:path';
import type { TarballFiles } from '../tarball/index.js';

/**
 * Checks that every `.map` file in a package names sources the package contains (a map pointing
 * at `../src/x.ts` that is not shipped breaks debuggers and "go to definition" for users).
 */
export function checkSourceMaps(files: TarballFiles): string[] {
  const problems: string[] = [];
  for (const [path, content] of files) {
    if (!path.endsWith('.map')) continue;
    let map: { sources?: unknown; sourceRoot?: unknown };
    try {
      map = JSON.parse(content.toString('utf8')) as typeof map;
    } catch {
      problems.push(`${path}: not JSON`);
      continue;
    }
    if (!Array.isArray(map.sources)) {
      problems.push(`${path}: no "sources" array`);
      continue;
    }
    const root = typeof map.sourceRoot === 'string' ? map.sourceRoot : '';
    for (const source of map.sources) {
      if (typeof source !== 'string') continue;
      const resolved = posix.normalize(posix.join(posix.dirname(path), root, source));
      if (resolved.startsWith('../') || !files.has(resolved))
        problems.push(`${path}: source ${source} is not in the package`);
    }
  }
  return problems;
}
