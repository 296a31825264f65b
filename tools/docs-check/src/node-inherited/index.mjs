// @ts-check
// TypeDoc plugin (typedoc.config.mjs): members a class inherits from a class of Node or another
// package (SdwebuiWorker's EventEmitter: `once`, `on`, `captureRejections`, …, 200 KB of Node's own
// documentation on one page) are left to that package's documentation; the page names the base class.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {string} fileName */
export const isExternal = (fileName) => /[\\/]node_modules[\\/]/.test(fileName);

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      if (!('inheritedFrom' in reflection) || reflection.inheritedFrom === undefined) continue;
      // A class without a constructor of its own still has one: it stays, under the class's name.
      if (reflection.kindOf(ReflectionKind.Constructor)) continue;
      const source = /** @type {import('typedoc').DeclarationReflection} */ (reflection).sources?.[0];
      if (source !== undefined && isExternal(source.fullFileName ?? source.fileName))
        context.project.removeReflection(reflection);
    }
  });
}
