/**
 * The subset in a browser page (bundled by esbuild with the `browser` condition): the matrix calls
 * `window.runSubset(target)` through Playwright, after `window.startMockInPage(auth)` for the row
 * whose mock is the page's own Service Worker (`@sdwebui/mock/browser`).
 */
import * as sdk from '@sdwebui/client';
import { startBrowserMock } from '@sdwebui/mock/browser';
import { runSubset, type SubsetTarget } from '../subset/index.js';

const page = globalThis as unknown as {
  runSubset: (target: SubsetTarget) => unknown;
  startMockInPage: (auth: string) => Promise<string>;
};
page.runSubset = (target) => runSubset(sdk, target);
page.startMockInPage = async (auth) => (await startBrowserMock({ stepMs: 10, apiAuth: auth })).url;
