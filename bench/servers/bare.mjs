// Baseline: a bare node:http server answering every request with the bytes the mock sends for
// `samplers` (GET /sdapi/v1/samplers) or `txt2img` (a 512x512 generation), fetched from a mock
// once at start: no routing, validation or middleware.
import { createServer } from 'node:http';
import { createMockServer } from '@sdwebui/mock';

const mock = await createMockServer({ port: 0 });
const body =
  process.argv[2] === 'txt2img'
    ? Buffer.from(
        await (
          await fetch(`${mock.url}/sdapi/v1/txt2img`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ prompt: 'puppy dog', steps: 20, seed: 1 }),
          })
        ).arrayBuffer(),
      )
    : Buffer.from(await (await fetch(`${mock.url}/sdapi/v1/samplers`)).arrayBuffer());
await mock.close();
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
