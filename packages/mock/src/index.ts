/** The package's Node entry: the mock on Node's `http` server (through @hono/node-server). */
export * from './shared.js';
export {
  createMockServer,
  createRecordingServer,
  BUILTIN_CASSETTES,
  BROWSER_MOCK_WORKER,
  type CreateMockServer,
  type MockServer,
  type MockServerOptions,
  type RecordingServer,
  type ListenOptions,
} from './http/server/index.js';
