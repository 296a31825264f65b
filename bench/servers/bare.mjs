// Baseline: a bare node:http server answering GET /sdapi/v1/samplers with the bytes the mock
// sends (fetched from a mock once at start), with no routing, validation or middleware.
import { createServer } from 'node:http';
import { createMockServer } from '@sdwebui/mock';

const mock = await createMockServer({ port: 0 });
const body = Buffer.from(await (await fetch(`${mock.url}/sdapi/v1/samplers`)).arrayBuffer());
await mock.close();
const server = createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
