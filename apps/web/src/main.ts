import {
  AuthError,
  ConnectionError,
  createWebuiClient,
  type GeneratedImage,
  type Job,
  type GenerationResult,
  type paths,
  type WebuiClient,
} from '@sdwebui/client';
import type { BrowserMock } from '@sdwebui/mock/browser';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $<HTMLParagraphElement>('status');
const form = $<HTMLFormElement>('generate');
const progress = $<HTMLProgressElement>('progress');
const progressText = $<HTMLSpanElement>('progress-text');
const preview = $<HTMLImageElement>('preview');
const run = $<HTMLButtonElement>('run');
const cancel = $<HTMLButtonElement>('cancel');
const gallery = $<HTMLElement>('gallery');

let client: WebuiClient | undefined;
let running: Job<GenerationResult> | undefined;

function say(text: string, kind: 'ok' | 'error' | '' = ''): void {
  status.textContent = text;
  status.className = kind;
}

/** Turns SDK errors into what a person can act on. */
function explain(error: unknown, url: string): string {
  if (error instanceof ConnectionError) {
    return `Cannot reach the webui at ${url}. Is it running with --api, and with --cors-allow-origins=${location.origin}?`;
  }
  if (error instanceof AuthError)
    return 'This webui needs credentials (--api-auth): fill in Auth as user:pass and connect again.';
  return error instanceof Error ? error.message : String(error);
}

function fillSelect(select: HTMLSelectElement, values: string[], selected?: string): void {
  select.replaceChildren(...values.map((value) => new Option(value, value, false, value === selected)));
}

async function connect(url: string, auth: string): Promise<void> {
  say(`Connecting to ${url}…`);
  const candidate = createWebuiClient({
    baseUrl: url,
    ...(auth ? { auth } : {}),
    timeoutMs: 15_000,
    retry: { retries: 0 },
  });
  try {
    const [models, samplers, options, profile] = await Promise.all([
      candidate.listModels(),
      candidate.samplers(),
      candidate.getOptions(),
      candidate.detect(),
    ]);
    fillSelect(
      $('model'),
      models.map((model) => model.title),
      String(options.sd_model_checkpoint ?? ''),
    );
    fillSelect(
      $('sampler'),
      samplers.map((sampler) => sampler.name),
      'Euler',
    );
    client = candidate;
    run.disabled = false;
    say(`Connected: webui ${profile.version ?? '(version unknown)'}, ${models.length} models`, 'ok');
  } catch (error) {
    client = undefined;
    run.disabled = true;
    say(explain(error, url), 'error');
  }
}

function addToGallery(image: GeneratedImage, index: number): void {
  const url = URL.createObjectURL(image.toBlob());
  const figure = document.createElement('figure');
  const img = Object.assign(document.createElement('img'), {
    src: url,
    alt: image.infotext?.split('\n')[0] ?? 'generated image',
  });
  // The download is the server's bytes: the PNG keeps its `parameters` chunk.
  const download = Object.assign(document.createElement('a'), {
    href: url,
    download: `sdwebui-${image.seed ?? index}.png`,
    textContent: 'Download',
  });
  const caption = document.createElement('figcaption');
  caption.append(
    Object.assign(document.createElement('pre'), { textContent: image.infotext ?? '(no infotext)' }),
    download,
  );
  figure.append(img, caption);
  gallery.prepend(figure);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!client) return say('Connect to a webui first.', 'error');
  const data = new FormData(form);
  const job = client.txt2img(
    {
      prompt: String(data.get('prompt')),
      negative_prompt: String(data.get('negative')),
      steps: Number(data.get('steps')),
      width: Number(data.get('width')),
      height: Number(data.get('height')),
      seed: Number(data.get('seed')),
      sampler_name: String(data.get('sampler')),
    },
    { model: String(data.get('model')) },
  );
  running = job;
  run.disabled = true;
  cancel.disabled = false;
  progress.value = 0;
  try {
    for await (const report of job.progress({ intervalMs: 250 })) {
      progress.value = Math.round(report.progress * 100);
      progressText.textContent = report.done
        ? 'done'
        : report.queued
          ? `queued #${report.queuePosition ?? '?'}`
          : report.step
            ? `step ${report.step}/${report.steps}`
            : 'starting…';
      if (report.previewImage) {
        preview.src = report.previewImage;
        preview.hidden = false;
      }
    }
    const result = await job;
    result.images.forEach(addToGallery);
    say(`Generated ${result.images.length} image(s)`, 'ok');
  } catch (error) {
    const aborted = error instanceof Error && error.name === 'AbortError';
    say(
      aborted
        ? 'Cancelled: the job was interrupted on the server.'
        : explain(error, ($('url') as HTMLInputElement).value),
      aborted ? '' : 'error',
    );
    progressText.textContent = aborted ? 'cancelled' : 'failed';
  } finally {
    running = undefined;
    preview.hidden = true;
    run.disabled = false;
    cancel.disabled = true;
  }
});

cancel.addEventListener('click', () => void running?.cancel());

/** Reads a PNG's infotext locally (no upload) and fills the form with it. */
async function readDropped(file: File): Promise<void> {
  const { readImageInfo } = client ?? createWebuiClient({ baseUrl: location.origin });
  const { parameters } = await readImageInfo(file);
  if (!parameters) return say(`${file.name} has no generation parameters.`, 'error');
  const set = (id: string, value: string | number | undefined) => {
    if (value !== undefined) ($(id) as HTMLInputElement).value = String(value);
  };
  set('prompt', parameters.prompt);
  set('negative', parameters.negativePrompt);
  set('steps', parameters.steps);
  set('width', parameters.width);
  set('height', parameters.height);
  set('seed', parameters.seed);
  if (parameters.sampler) set('sampler', parameters.sampler);
  say(`Read the parameters of ${file.name}`, 'ok');
}

const drop = $<HTMLElement>('drop');
drop.addEventListener('dragover', (event) => (event.preventDefault(), drop.classList.add('over')));
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  const file = event.dataTransfer?.files[0];
  if (file) void readDropped(file);
});
$<HTMLInputElement>('file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) void readDropped(file);
});

const params = new URLSearchParams(location.search);
$<HTMLFormElement>('connect').addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(event.target as HTMLFormElement);
  void connect(String(data.get('url')), String(data.get('auth') ?? ''));
});
run.disabled = true;

/** The page with the browser mock started (`?mock=browser`). */
export type MockWindow = Window & { sdwebuiMock?: BrowserMock<paths> };

/** Connects to `?webui=` (default the webui's own port), or first starts the in-page mock for `?mock=browser`. */
async function start(): Promise<void> {
  // `?mock=browser`: the mock webui in this page's Service Worker (`@sdwebui/mock/browser`), no server at all.
  // The mock stays reachable as `window.sdwebuiMock`, so tests and previews can override routes (typed by `paths`).
  if (params.get('mock') === 'browser') {
    const { startBrowserMock } = await import('@sdwebui/mock/browser');
    (window as MockWindow).sdwebuiMock = await startBrowserMock<paths>({ stepMs: Number(params.get('stepMs') ?? 30) });
    params.set('webui', location.origin);
  }
  const url = params.get('webui') ?? 'http://127.0.0.1:7860';
  ($('url') as HTMLInputElement).value = url;
  await connect(url, params.get('auth') ?? '');
}
void start();
