// @ts-check
// TypeDoc plugin (typedoc.config.mjs): signatures show the types their source wrote. TypeDoc takes a
// return type, and a parameter's union, from the type TypeScript computed, which has lost the name of
// an alias into the generated webui types (`Options = components['schemas']['Options']`): each
// `getOptions(): Promise<Options>` became the 180 fields of the options, inline, in every signature
// that named them. Converted from the declaration's type nodes instead, they stay `Promise<Options>`,
// a link to one page.
import { Converter } from 'typedoc';
import ts from 'typescript';

/**
 * The reflections (object literal types) inside a converted type, which the project registered: a
 * type that is replaced must take them out of the project, or they are left dangling.
 * @param {unknown} type
 * @returns {import('typedoc').DeclarationReflection[]}
 */
export function reflectionsIn(type) {
  if (type === null || typeof type !== 'object') return [];
  if (Array.isArray(type)) return type.flatMap(reflectionsIn);
  const { type: kind, declaration } = /** @type {{ type?: unknown, declaration?: unknown }} */ (type);
  if (typeof kind !== 'string') return [];
  if (kind === 'reflection') return [/** @type {import('typedoc').DeclarationReflection} */ (declaration)];
  return Object.values(type).flatMap(reflectionsIn);
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_SIGNATURE, (context, signature, node) => {
    if (node === undefined || !('parameters' in node)) return;
    /**
     * @param {import('typedoc').SomeType | undefined} old
     * @param {ts.TypeNode} typeNode
     */
    const convert = (old, typeNode) => {
      for (const reflection of reflectionsIn(old)) context.project.removeReflection(reflection);
      return app.converter.convertType(context.withScope(signature), typeNode);
    };
    // JSDoc signatures (a `@callback`) have no type nodes to take.
    if (!ts.isFunctionLike(node) || ts.isJSDocSignature(node)) return;
    if (node.type !== undefined) signature.type = convert(signature.type, node.type);
    const parameters = signature.parameters ?? [];
    const nodes = node.parameters.filter((parameter) => parameter.type?.kind !== ts.SyntaxKind.ThisType);
    if (nodes.length !== parameters.length) return;
    nodes.forEach((parameterNode, index) => {
      const parameter = parameters[index];
      if (parameter !== undefined && parameterNode.type !== undefined)
        parameter.type = convert(parameter.type, parameterNode.type);
    });
  });
}
