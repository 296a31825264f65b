// The mock webui in its own process, for load tests: prints its URL on stdout.
import { createMockServer } from '@sdwebui/mock';
import './memory.mjs';

// Configured as `sdwebui mock` runs it (no request log).
const server = await createMockServer({ port: 0, logRequests: false });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
