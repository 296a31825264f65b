/**
 * Which extensions the mock webui has installed, and the console their scripts print to.
 * An extension that is listed here has its routes, its `alwayson_scripts` entry and its
 * `/sdapi/v1/extensions` row; one that is not behaves as absent (404 routes, 422 `Script … not found`).
 */
export const EXTENSION_IDS = ['controlnet', 'adetailer'] as const;
export type ExtensionId = (typeof EXTENSION_IDS)[number];

/** What the catalogue lists by default: the two extensions of the recorded `/sdapi/v1/extensions` the mock emulates. */
// Its own list, not an alias of EXTENSION_IDS: the mock may learn an extension it does not install by default.
export const DEFAULT_EXTENSIONS: readonly ExtensionId[] = [...EXTENSION_IDS];

/** A bad `--extensions` value. */
export class ExtensionsOptionError extends Error {
  override name = 'ExtensionsOptionError';
}

/**
 * Parses `--extensions`: a comma-separated list of extension ids, or `none` for a bare webui.
 * Names are trimmed and lower-cased; duplicates collapse; anything unknown is an error naming what exists.
 */
export function parseExtensions(value: string): ExtensionId[] {
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.length === 1 && names[0] === 'none') return [];
  const out: ExtensionId[] = [];
  for (const name of names) {
    if (!(EXTENSION_IDS as readonly string[]).includes(name)) {
      throw new ExtensionsOptionError(
        `unknown extension "${name.slice(0, 40)}": use ${EXTENSION_IDS.join(', ')} or none`,
      );
    }
    if (!out.includes(name as ExtensionId)) out.push(name as ExtensionId);
  }
  return out;
}

/** Lines kept in `console`: enough to assert on, bounded for long-running mocks. */
const CONSOLE_LIMIT = 1_000;
const LINE_LIMIT = 4_000;

/** The installed extensions of one mock webui, and what their scripts printed (newest last). */
export class ExtensionHost {
  readonly installed: readonly ExtensionId[];
  /**
   * What the webui's console would show: extension errors the webui swallows (a bad ControlNet
   * unit, an invalid ADetailer tab) are printed there, never sent to the client.
   */
  readonly console: string[] = [];

  /** `onPrint` also gets each line as it is printed (the CLI writes them to stderr, as the webui's console). */
  constructor(
    installed: readonly ExtensionId[] = DEFAULT_EXTENSIONS,
    private readonly onPrint?: (line: string) => void,
  ) {
    this.installed = [...installed];
  }

  /** Whether this extension is installed. */
  has(id: ExtensionId): boolean {
    return this.installed.includes(id);
  }

  /** Writes a line to the emulated webui's console (cut at a bound; the oldest lines go first). */
  print(line: string): void {
    // Lines quote what requests sent (model names, prompts): bounded, like the number of lines.
    const bounded = line.length > LINE_LIMIT ? `${line.slice(0, LINE_LIMIT)}…` : line;
    this.console.push(bounded);
    this.onPrint?.(bounded);
    if (this.console.length > 2 * CONSOLE_LIMIT) this.console.splice(0, this.console.length - CONSOLE_LIMIT);
  }
}
