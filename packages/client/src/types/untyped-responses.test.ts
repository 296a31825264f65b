import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const generated = fileURLToPath(new URL('../generated/', import.meta.url));

/**
 * Asks the TypeScript checker which `/sdapi/v1` (and `/internal`) operations of a target have
 * a 200 JSON body typed `unknown`, i.e. which ones the overlays still leave untyped.
 */
function untypedOperations(target: string, virtualFiles: Record<string, string> = {}): string[] {
  const probePath = `${here}__probe_${target}.ts`;
  const files: Record<string, string> = { [probePath]: '' };
  for (const [name, text] of Object.entries(virtualFiles)) files[`${generated}${name}`] = text;
  const probe = `
    import type { paths } from '../generated/${target}.js';
    type Methods = 'get' | 'post' | 'put' | 'delete' | 'patch';
    type Body<Op> = Op extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : 'no-json';
    type Untyped<P extends keyof paths> = {
      [M in Methods]: M extends keyof paths[P]
        ? paths[P][M] extends { responses: unknown }
          ? unknown extends Body<paths[P][M]> ? \`\${Uppercase<M>} \${P & string}\` : never
          : never
        : never;
    }[Methods];
    export type Result = { [P in keyof paths]: Untyped<P> }[keyof paths];
  `;
  files[probePath] = probe;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => files[file] ?? readFile(file);
  host.fileExists = (
    (exists) => (file: string) =>
      file in files || exists(file)
  )(host.fileExists.bind(host));
  host.getSourceFile = (file, version, ...rest) =>
    files[file] !== undefined
      ? ts.createSourceFile(file, files[file], version, true)
      : getSourceFile(file, version, ...rest);
  const program = ts.createProgram([probePath], options, host);
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(diagnostics).toEqual([]);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(probePath) as ts.SourceFile;
  const result = source.statements
    .filter(ts.isTypeAliasDeclaration)
    .find((statement) => statement.name.text === 'Result');
  const type = checker.getTypeAtLocation((result as ts.TypeAliasDeclaration).name);
  const members = type.isUnion() ? type.types : type.flags & ts.TypeFlags.Never ? [] : [type];
  return members.map((member) => (member.isStringLiteral() ? member.value : checker.typeToString(member))).sort();
}

describe('generated response types', () => {
  it('type every /sdapi/v1 and /internal 200 JSON body in a1111-1.10 (0 unknown)', () => {
    expect(untypedOperations('a1111-1.10')).toEqual([]);
  });

  it('reports an operation whose body is unknown (the probe can fail)', () => {
    const fixture = `export interface paths {
      "/sdapi/v1/typed": { get: { responses: { 200: { content: { "application/json": { a: string } } } } }; post?: never };
      "/sdapi/v1/untyped": { get?: never; post: { responses: { 200: { content: { "application/json": unknown } } } } };
    }`;
    expect(untypedOperations('fixture', { 'fixture.ts': fixture })).toEqual(['POST /sdapi/v1/untyped']);
  });
});
