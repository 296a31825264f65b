/** What a recorded secret is replaced with in a cassette's response body. */
export const REDACTED = '<redacted>';

/**
 * Words that make a field credential-bearing. A name is split into words at `_`, `-`, `.`,
 * spaces and lower-to-upper case changes, so `api_auth`, `gradio_auth`, `hf_token`, `apiKey`,
 * `X-Api-Key` and `password` are sensitive while `sd_vae`, `keyedit_delimiters`,
 * `canvas_hotkey_zoom` and `tls_keyfile` are not.
 */
const SENSITIVE_WORDS = new Set([
  'auth',
  'authtoken',
  'authorization',
  'authentication',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'token',
  'secret',
  'credential',
  'credentials',
  'cookie',
  'apikey',
  'key',
  'privatekey',
  // A command line holds its flags' values: the webui's /internal/sysinfo reports its argv
  // (`Commandline`, where `--api-auth=user:pass` is not hidden) and the COMMANDLINE_ARGS it was
  // started with (`--api-auth user:pass --gradio-auth …`) under Environment.
  'commandline',
]);

/** Whole names whose value is a secret although no word says so: `--ngrok TOKEN`. */
const SENSITIVE_NAMES = new Set(['ngrok']);

export function isSensitiveName(name: string): boolean {
  const lower = name.toLowerCase();
  if (SENSITIVE_NAMES.has(lower)) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => SENSITIVE_WORDS.has(word));
}
