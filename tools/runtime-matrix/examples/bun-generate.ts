// The root README's Bun example: `bun add @sdwebui/client @sdwebui/mock`, then `bun generate.ts`.
// The runtime matrix runs this file as it is (row `readme-bun`), with the output path as an argument.
import { createWebuiClient } from '@sdwebui/client';
import { createMockServer } from '@sdwebui/mock'; // its `bun` entry: Bun.serve

const mock = await createMockServer({ stepMs: 5 });
const client = createWebuiClient({ baseUrl: mock.url });
const job = client.txt2img({ prompt: 'a lighthouse at dusk', steps: 8, width: 256, height: 192 });
for await (const report of job.progress()) console.log(`progress ${Math.round(report.progress * 100)}%`);
const [image] = (await job).images;
await Bun.write(Bun.argv[2] ?? 'output.png', image.bytes);
console.log(image.infotext);
await mock.close();
