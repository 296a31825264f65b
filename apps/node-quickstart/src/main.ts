#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createMockServer } from '@sdwebui/mock';
import { runQuickstart } from './quickstart.js';

const USAGE = `usage: sdwebui-quickstart [--url URL] [--auth user:pass] [--out output.png]

Runs the webui API guide against URL (default: $SDWEBUI_URL, else an embedded mock webui).`;

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.SDWEBUI_URL },
    auth: { type: 'string', default: process.env.SDWEBUI_AUTH },
    out: { type: 'string', default: 'output.png' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

// A little simulated time per step, so the progress shows.
const mock = values.url ? undefined : await createMockServer({ stepMs: 40 });
const baseUrl = values.url ?? (mock?.url as string);
console.log(mock ? `No --url given: using the embedded mock webui at ${baseUrl}` : `Using the webui at ${baseUrl}`);
try {
  const { output } = await runQuickstart({
    baseUrl,
    output: values.out as string,
    ...(values.auth ? { auth: values.auth } : {}),
  });
  console.log(`\nDone: ${output} holds the image with its infotext (parameters chunk).`);
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await mock?.close();
}
