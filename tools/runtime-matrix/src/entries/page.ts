/**
 * The subset in a browser page (bundled by esbuild with the `browser` condition): the matrix calls
 * `window.runSubset(target)` through Playwright.
 */
import * as sdk from '@sdwebui/client';
import { runSubset, type SubsetTarget } from '../subset/index.js';

(globalThis as unknown as { runSubset: (target: SubsetTarget) => unknown }).runSubset = (target) =>
  runSubset(sdk, target);
