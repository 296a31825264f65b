/**
 * The package's `deno` entry (chosen by the `deno` export condition): the same exports as the Node
 * entry, with `createMockServer` and `createRecordingServer` on Deno's own server instead of
 * @hono/node-server (which is not loaded).
 */
export * from './shared.js';
export { BROWSER_MOCK_WORKER, BUILTIN_CASSETTES } from './http/server/builtin.js';
export { createMockServer, createRecordingServer } from './http/server/deno.js';
export type { CreateMockServer, MockServer, MockServerOptions, RecordingServer } from './http/server/create.js';
export type { ListenOptions } from './http/server/listen/types.js';
