/**
 * What each runtime runs in the folder where the tarballs are installed (`<runtime> runtimes.mjs`):
 * the mock through the entry the runtime's export condition chooses, the SDK generating against it,
 * the infotext read back. Prints the mock entry's URL and `runtime ok`; throws (exit 1) otherwise.
 */
export const RUNTIMES_SCRIPT = `
import { createWebuiClient } from '@sdwebui/client';
import { parseInfotext } from '@sdwebui/infotext';
import { createMockServer } from '@sdwebui/mock';

const mock = await createMockServer({ stepMs: 1, logRequests: false });
try {
  const client = createWebuiClient({ baseUrl: mock.url });
  const { images } = await client.txt2img({ prompt: 'from a tarball', steps: 2, width: 16, height: 16 });
  if (images[0]?.mimeType !== 'image/png') throw new Error('expected a PNG, got ' + images[0]?.mimeType);
  const prompt = parseInfotext(images[0].infotext).prompt;
  if (prompt !== 'from a tarball') throw new Error('the infotext reads ' + JSON.stringify(prompt));
  console.log('ENTRY ' + import.meta.resolve('@sdwebui/mock'));
} finally {
  await mock.close();
}
console.log('runtime ok');
`;
