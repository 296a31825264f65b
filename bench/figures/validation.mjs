// Request validation cost of the forge-2 profile (pydantic v2 over Forge's own OpenAPI 3.1 document)
// against the a1111-1.10 profile (pydantic v1 over its normalized 3.0 spec), on the same request bodies.
import { readFileSync } from 'node:fs';
// The mock's request models are not exported by the package: reached through its built modules.
import { RequestModels } from '../../packages/mock/dist/fastapi/request-model/index.js';
import { parsePythonJson } from '../../packages/mock/dist/fastapi/python-json/parse.js';
import { figure, timePair } from './stats.mjs';

const mock = new URL('../../packages/mock/', import.meta.url);
const read = (path) => readFileSync(new URL(path, mock), 'utf8');

/** Each profile's txt2img/img2img body schema and its validation, as the mock builds them. */
function profileValidation(doc, generation) {
  const models = new RequestModels(doc, generation);
  const schemas = Object.fromEntries(
    ['/sdapi/v1/txt2img', '/sdapi/v1/img2img'].map((path) => [
      path,
      doc.paths[path].post.requestBody.content['application/json'].schema,
    ]),
  );
  return (path, body) => models.dialect.coerce(schemas[path], body, ['body']).issues.length;
}

/**
 * The txt2img and img2img JSON-object bodies of the Forge corpus (wrong types, nulls, coercion edge
 * cases, valid requests: 885 of them), already parsed (the JSON scanner is the same for both), each
 * validated by both profiles; 20 passes per run, forge-2 and a1111-1.10 alternated.
 */
export async function validationCost() {
  const corpus = parsePythonJson(read('src/testing/forge-v2-corpus/fixtures/corpus.json'));
  const bodies = [];
  for (const request of corpus.requests) {
    if (!/^\/sdapi\/v1\/(txt2img|img2img)$/.test(request.path) || request.body === undefined) continue;
    let body;
    try {
      body = parsePythonJson(request.body);
    } catch {
      continue;
    }
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) bodies.push([request.path, body]);
  }
  const forge = profileValidation(parsePythonJson(read('data/specs/forge-2.document.json')), 2);
  const a1111 = profileValidation(JSON.parse(read('data/specs/a1111-1.10.json')), 1);
  const passes = (validate) => () => {
    for (let pass = 0; pass < 20; pass++) for (const [path, body] of bodies) validate(path, body);
  };
  // A first pass of each compiles and caches what the models work out once per schema.
  passes(forge)();
  passes(a1111)();
  const { value, baseline } = await timePair(passes(forge), passes(a1111));
  return figure({
    name: `request validation, forge-2 (pydantic v2, Forge's 3.1 document) vs a1111-1.10 (pydantic v1), the same ${bodies.length} txt2img/img2img bodies x 20`,
    unit: 'ms',
    value,
    baseline,
    target: 1.2,
    better: 'lower',
  });
}
