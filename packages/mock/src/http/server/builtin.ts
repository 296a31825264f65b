import { fileURLToPath } from 'node:url';

/** The folder of default cassettes bundled with the package (made from real recordings). */
export const BUILTIN_CASSETTES = fileURLToPath(new URL('../../../data/cassettes/', import.meta.url));
