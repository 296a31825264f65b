// The root README's Deno example: `deno add npm:@sdwebui/client npm:@sdwebui/mock`, then
// `deno run --allow-net=127.0.0.1 --allow-read --allow-env --allow-write=output.png generate.ts`.
// The runtime matrix runs this file as it is (row `readme-deno`), with the output path as an argument.
import { createWebuiClient } from '@sdwebui/client';
import { createMockServer } from '@sdwebui/mock'; // its `deno` entry: Deno.serve

const mock = await createMockServer({ stepMs: 5 });
const client = createWebuiClient({ baseUrl: mock.url });
const job = client.txt2img({ prompt: 'a lighthouse at dusk', steps: 8, width: 256, height: 192 });
for await (const report of job.progress()) console.log(`progress ${Math.round(report.progress * 100)}%`);
const [image] = (await job).images;
await Deno.writeFile(Deno.args[0] ?? 'output.png', image.bytes);
console.log(image.infotext);
await mock.close();
