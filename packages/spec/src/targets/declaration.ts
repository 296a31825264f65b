import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isJsonObject } from '../document/index.js';

/**
 * What `<target>/target.json` declares (every field optional):
 * - `fork`: the server family the target types (`a1111`, `forge`, `reforge`, `sdnext`), which
 *   `sdwebui spec update` and `spec pull` compare with the server they pull from, and which picks
 *   the fork overlays shipped with this package when the target has no `overlays/` of its own;
 * - `capture`: a file of `spec/captures/` the target is built on, when it has no pulled
 *   `openapi.raw.json` (`"forge-dfdcbab.openapi.json"`);
 * - `base`: another target whose capture it is built on;
 * - `sharedOverlays`: `false` for a server whose API is its own (SD.Next): the shared overlays of
 *   `spec/overlays/` are read from A1111's source and would type its routes as A1111's; only the
 *   target's own `overlays/` apply.
 */
export interface TargetDeclaration {
  fork?: string;
  capture?: string;
  base?: string;
  sharedOverlays?: boolean;
}

/** A `target.json` that is not JSON, or whose `fork`, `capture` or `base` is not a plain name. */
export class TargetDeclarationError extends Error {
  override name = 'TargetDeclarationError';
}

const NAME = /^[a-z0-9][a-z0-9.-]*$/;

/** Reads `<targetDir>/target.json`; `{}` when there is none. Throws {@link TargetDeclarationError} on a bad one. */
export async function readTargetDeclaration(targetDir: string): Promise<TargetDeclaration> {
  const file = join(targetDir, 'target.json');
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TargetDeclarationError(`${file}: not JSON`);
  }
  if (!isJsonObject(parsed)) throw new TargetDeclarationError(`${file}: must be a JSON object`);
  const { fork, capture, base, sharedOverlays } = parsed;
  const declaration: TargetDeclaration = {};
  if (fork !== undefined) {
    if (typeof fork !== 'string' || !/^[a-z][a-z0-9-]*$/.test(fork))
      throw new TargetDeclarationError(`${file}: "fork" must be a fork name, e.g. "a1111" or "forge"`);
    declaration.fork = fork;
  }
  if (capture !== undefined) {
    if (typeof capture !== 'string' || !NAME.test(capture) || !capture.endsWith('.openapi.json'))
      throw new TargetDeclarationError(
        `${file}: "capture" must name a file of spec/captures/, e.g. "forge-dfdcbab.openapi.json"`,
      );
    declaration.capture = capture;
  }
  if (base !== undefined) {
    if (typeof base !== 'string' || !NAME.test(base))
      throw new TargetDeclarationError(`${file}: "base" must name another target folder, e.g. "a1111-1.10"`);
    declaration.base = base;
  }
  if (sharedOverlays !== undefined) {
    if (typeof sharedOverlays !== 'boolean')
      throw new TargetDeclarationError(`${file}: "sharedOverlays" must be true or false`);
    declaration.sharedOverlays = sharedOverlays;
  }
  return declaration;
}
