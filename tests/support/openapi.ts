/**
 * Checks API responses against server/http/openapi.json: every status a test sees must be
 * documented for its route, and the body must match the documented schema.
 */
import Ajv2020 from 'ajv/dist/2020';
import doc from '../../server/http/openapi.json';

type Json = Record<string, any>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(doc, 'openapi.json');

const routes = Object.keys(doc.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

function deref(node: Json): Json {
  if (typeof node.$ref !== 'string') return node;
  const path = node.$ref.replace(/^#\//, '').split('/');
  return path.reduce<Json>((n, key) => n[key], doc as Json);
}

/** Throws, naming the route and the mismatch, if the response is not what the document says. */
export function checkAgainstOpenApi(
  method: string,
  url: string,
  status: number,
  contentType: string | null,
  body: unknown,
): void {
  const path = new URL(url, 'http://x').pathname;
  // The most specific documented path: fewest parameters.
  const route = routes
    .filter((r) => r.pattern.test(path))
    .sort((a, b) => a.template.split('{').length - b.template.split('{').length)[0];
  if (!route) throw new Error(`OpenAPI: no path documented for ${method} ${path}`);
  const operation = (doc.paths as Json)[route.template][method.toLowerCase()] as Json | undefined;
  if (!operation) throw new Error(`OpenAPI: ${method} is not documented for ${route.template}`);
  const response = operation.responses[String(status)] as Json | undefined;
  if (!response)
    throw new Error(`OpenAPI: ${method} ${route.template} does not document status ${status}`);
  const content = deref(response).content as Json | undefined;
  if (!content) return;
  const mediaType = (contentType ?? '').split(';')[0]!.trim();
  const media = content[mediaType] as Json | undefined;
  if (!media)
    throw new Error(
      `OpenAPI: ${method} ${route.template} ${status} does not document ${mediaType}`,
    );
  // A file download: its media type is checked above; its bytes are not JSON.
  if ((media.schema as Json | undefined)?.format === 'binary') return;
  const escape = (segment: string) =>
    encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
  const pointer =
    typeof response.$ref === 'string'
      ? `${response.$ref}/content/${escape(mediaType)}/schema`
      : `#/paths/${escape(route.template)}/${method.toLowerCase()}/responses/${status}/content/${escape(mediaType)}/schema`;
  const validate = ajv.getSchema(`openapi.json${pointer}`);
  if (!validate)
    throw new Error(`OpenAPI: cannot compile the schema for ${route.template} ${status}`);
  if (!validate(body)) {
    throw new Error(
      `OpenAPI: ${method} ${route.template} ${status} body does not match: ${ajv.errorsText(validate.errors)}`,
    );
  }
}
