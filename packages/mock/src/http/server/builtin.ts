import { fileURLToPath } from 'node:url';

/** The folder of default cassettes bundled with the package (made from real recordings). */
export const BUILTIN_CASSETTES = fileURLToPath(new URL('../../../data/cassettes/', import.meta.url));

/**
 * The browser mock's Service Worker file (`@sdwebui/mock/browser`): serve it at your site's root, by
 * default as `/sdwebui-mock-sw.js` (see the package README).
 */
export const BROWSER_MOCK_WORKER = fileURLToPath(
  new URL('../../../dist/bundle/browser/service-worker.js', import.meta.url),
);
