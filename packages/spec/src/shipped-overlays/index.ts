import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOverlays, type NamedOverlay } from '../overlay/index.js';

/**
 * The overlays this package ships (`data/overlays/`, copied from the repository's `spec/overlays/`
 * and the fork targets' `overlays/` at build time): a `spec/` folder of a user's own, made by
 * `sdwebui spec pull`, is normalized the way the packaged client types were.
 */
export const SHIPPED_OVERLAYS_DIR = fileURLToPath(new URL('../../data/overlays/', import.meta.url));

/** The shipped overlays of a fork (`data/overlays/forks/<fork>/`); none for a fork without any. */
export async function shippedForkOverlays(fork: string): Promise<NamedOverlay[]> {
  const forks = await readdir(join(SHIPPED_OVERLAYS_DIR, 'forks')).catch(() => [] as string[]);
  return forks.includes(fork) ? loadOverlays(join(SHIPPED_OVERLAYS_DIR, 'forks', fork)) : [];
}

/** The shipped shared overlays. */
export function shippedOverlays(): Promise<NamedOverlay[]> {
  return loadOverlays(SHIPPED_OVERLAYS_DIR);
}
