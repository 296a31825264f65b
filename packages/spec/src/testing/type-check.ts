import ts from 'typescript';

/** Diagnostics of one generated TypeScript file, compiled alone under `strict` (empty when it type-checks). */
export function typeCheck(text: string): string[] {
  const name = '/generated.ts';
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    types: [],
    lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (path) => (path === name ? text : readFile(path));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (path, version, onError, create) =>
    path === name ? ts.createSourceFile(path, text, version, true) : getSourceFile(path, version, onError, create);
  host.fileExists = (
    (exists) => (path: string) =>
      path === name || exists(path)
  )(host.fileExists.bind(host));
  const program = ts.createProgram([name], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}
