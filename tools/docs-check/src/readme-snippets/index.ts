import ts from 'typescript';

/** What a README must open with: its install line, then a runnable TypeScript or JavaScript block. */
export interface ReadmeOpening {
  /** The first fenced block, e.g. `npm i @sdwebui/infotext`. */
  install: string;
  /** The first `ts`/`js` block, as written. */
  snippet: string;
}

export class ReadmeShapeError extends Error {
  override name = 'ReadmeShapeError';
}

const FENCE = /^```(\w*)\n([\s\S]*?)^```$/gm;

/** The install block and the first code block of a README; throws when it does not open that way. */
export function readmeOpening(markdown: string): ReadmeOpening {
  const blocks = [...markdown.matchAll(FENCE)].map((match) => ({ lang: match[1] ?? '', body: match[2] ?? '' }));
  const [first] = blocks;
  if (first === undefined || first.lang !== 'sh' || !/^npm i /.test(first.body)) {
    throw new ReadmeShapeError('the first code block is not the install line (```sh npm i …)');
  }
  const code = blocks.find((block) => ['ts', 'js', 'typescript', 'javascript'].includes(block.lang));
  if (code === undefined) throw new ReadmeShapeError('no ts or js code block');
  if (blocks.indexOf(code) !== 1) throw new ReadmeShapeError('the snippet does not follow the install line');
  return { install: first.body.trim(), snippet: code.body };
}

/** The snippet as an ES module Node runs: types stripped, nothing else changed. */
export function snippetModule(snippet: string): string {
  const { outputText, diagnostics } = ts.transpileModule(snippet, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  });
  const errors = (diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (errors.length > 0) throw new ReadmeShapeError(`the snippet does not parse: ${errors.join('; ')}`);
  return outputText;
}
