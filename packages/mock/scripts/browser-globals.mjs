// Injected into the browser mock's bundle (scripts/bundle-browser.mjs): the globals of Node the mock's
// app uses without importing them, `Buffer` and `setImmediate`.
export { Buffer } from 'buffer';
export { setImmediateCallback as setImmediate } from '../dist/browser/shims/timers.js';
