/**
 * Which SDK calls use which webui operation, so a spec change can be reported in terms users
 * know ("txt2img is affected"). Checked against the 1.10 spec by a test.
 */
export const SDK_CALLS_BY_OPERATION: Readonly<Record<string, readonly string[]>> = {
  'POST /sdapi/v1/txt2img': ['txt2img'],
  'POST /sdapi/v1/img2img': ['img2img'],
  'POST /internal/progress': ['job.progress', 'job.cancel'],
  'GET /sdapi/v1/progress': ['job.progress'],
  'POST /sdapi/v1/interrupt': ['job.cancel', 'interrupt'],
  'POST /sdapi/v1/png-info': ['pngInfo'],
  'POST /sdapi/v1/interrogate': ['interrogate'],
  'POST /sdapi/v1/extra-single-image': ['upscale'],
  'POST /sdapi/v1/extra-batch-images': ['upscaleBatch'],
  'GET /sdapi/v1/options': ['getOptions'],
  'POST /sdapi/v1/options': ['setOptions', "modelMode: 'sticky'"],
  'GET /sdapi/v1/sd-models': ['listModels', 'resolveModel'],
  'GET /sdapi/v1/samplers': ['samplers'],
  'GET /sdapi/v1/schedulers': ['schedulers'],
  'GET /sdapi/v1/upscalers': ['upscalers'],
  'GET /sdapi/v1/loras': ['loras'],
  'GET /sdapi/v1/embeddings': ['embeddings'],
  'GET /sdapi/v1/prompt-styles': ['styles'],
  'GET /sdapi/v1/memory': ['memory'],
  'POST /sdapi/v1/refresh-checkpoints': ["refresh('checkpoints')"],
  'POST /sdapi/v1/refresh-vae': ["refresh('vae')"],
  'POST /sdapi/v1/refresh-embeddings': ["refresh('embeddings')"],
  'POST /sdapi/v1/refresh-loras': ["refresh('loras')"],
  'GET /sdapi/v1/extensions': ['detect'],
  'GET /internal/sysinfo': ['detect'],
};

/** The SDK calls a set of changed operations affect, sorted; operations only `client.raw` reaches map to `raw`. */
export function affectedSdkCalls(operations: Iterable<string>): string[] {
  const calls = new Set<string>();
  for (const operation of operations) {
    for (const call of SDK_CALLS_BY_OPERATION[operation] ?? ['raw']) calls.add(call);
  }
  return [...calls].sort();
}
