import { createMockServer, type MockServer } from '@sdwebui/mock';
import { afterEach } from 'vitest';

/**
 * Test-only (never built into dist): mock webuis for a test file, each closed after its test:
 * `const mock = useMocks(); … await mock({ profile })`.
 */
export function useMocks(): (options?: Parameters<typeof createMockServer>[0]) => Promise<MockServer> {
  const servers: MockServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close().catch(() => undefined)));
  });
  return async (options = {}) => {
    const server = await createMockServer(options);
    servers.push(server);
    return server;
  };
}
