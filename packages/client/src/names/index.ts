import type { NameChecks, NameKind } from '../resources/context.js';
import { NotFoundError } from '../core/errors.js';
import { quoted } from '@sdwebui/internal/printable';
import { closestNames } from '@sdwebui/internal/closest-names';
import { fetchList, type NameList, type NameListContext, WHAT, WHERE } from './lists.js';
import { namesInRequest, namesInSettings } from './request.js';

/**
 * Checks names against the server's lists before they are sent: the webui silently replaces
 * an unknown model, sampler, scheduler or VAE with its default, skips a ControlNet unit or an
 * ADetailer tab whose model it lacks (answering 200), drops an unknown Forge module, and answers
 * an unknown setting with a 500 `KeyError`. Lists are cached and read again once when a name is
 * missing (a folder may have been refreshed).
 */
export function createNameChecks(ctx: NameListContext, enabled: boolean): NameChecks {
  const cache = new Map<NameKind, Promise<NameList>>();
  const load = (kind: NameKind, fresh: boolean) => {
    let list = cache.get(kind);
    if (fresh || list === undefined) {
      list = fetchList(ctx, kind);
      cache.set(kind, list);
      list.catch(() => cache.delete(kind));
    }
    return list;
  };
  const checks: NameChecks = {
    enabled,
    async check(kind, name) {
      const cached = cache.has(kind);
      let list = await load(kind, false);
      // A list read for this very check is fresh; an older one is read again once.
      if (!list.accepts(name) && cached) list = await load(kind, true);
      if (list.accepts(name)) return;
      const suggestions = closestNames(name, list.names);
      throw new NotFoundError(
        `unknown ${WHAT[kind]} "${quoted(name)}": the server lists none by that name` +
          `${suggestions.length ? `; closest: ${suggestions.map((close) => quoted(close)).join(', ')}` : ''}` +
          `; pick a name from ${WHERE[kind]}` +
          ' (checkNames: false sends names unchecked)',
        404,
        null,
        `check ${kind}`,
        'unknown-name',
        suggestions,
        kind,
        name,
      );
    },
    async checkAll(what, body) {
      const names = what === 'request' ? namesInRequest(body) : namesInSettings(body);
      await Promise.all(names.map(([kind, name]) => checks.check(kind, name)));
    },
  };
  return checks;
}
