// Baseline: a bare node:http server answering every request with the bytes of FILE (what the mock
// sent for the figure's request, written there by the bench), or `{}` without one: no routing,
// validation or middleware, and nothing of the mock loaded.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import './memory.mjs';

const body = process.argv[2] ? readFileSync(process.argv[2]) : Buffer.from('{}');
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
