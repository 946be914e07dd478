// The OpenAPI 3.1 document of the HTTP API, generated from the route table so it cannot drift.
import * as z from 'zod';
import { routes, type Route } from './routes.js';
import { ApiErrorBody } from './schemas.js';

type JsonSchema = Record<string, unknown>;

/** JSON Schema of a zod type, without the `$schema` line that OpenAPI does not want inside a document. */
const schema = (type: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const generated = { ...(z.toJSONSchema(type, { io, unrepresentable: 'any' }) as JsonSchema) };
  delete generated.$schema;
  return generated;
};

function parameters(route: Route): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [where, type] of [['path', route.params], ['query', route.query]] as const) {
    if (!type) continue;
    const object = schema(type, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...rest } = property;
      list.push({ name, in: where, required: where === 'path' || (object.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) });
    }
  }
  return list;
}

const errorResponse = (description: string): JsonSchema => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function openApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [operationId, route] of Object.entries(routes) as [string, Route][]) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const media = route.produces ?? 'application/json';
    const success = media === 'application/json' ? { schema: schema(route.response, 'output') } : { schema: { type: 'string' } };
    const operation: JsonSchema = {
      operationId,
      summary: route.summary,
      parameters: parameters(route),
      responses: {
        [String(route.status ?? 200)]: { description: 'success', content: { [media]: success } },
        '400': errorResponse('invalid input; `problems` give line and column for YAML'),
        ...(route.params ? { '404': errorResponse('no such object') } : {}),
        ...(route.method === 'PUT' || route.method === 'DELETE' || route.method === 'POST' ? { '409': errorResponse('changed by someone else, or already exists') } : {}),
        ...(route.method !== 'GET' && route.path !== routes.validate.path && route.path !== routes.whatif.path ? { '403': errorResponse('missing CSRF token, or the console is read-only') } : {}),
        '401': errorResponse('a cluster console started with --auth token or header, and the request carries no token'),
        '503': errorResponse('a cluster source is still syncing, or the API server cannot be reached'),
      },
    };
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: schema(route.body, 'input') } } };
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'meshlock API',
      version,
      description:
        'mTLS status, edges and validations of an Istio mesh, and write-back of its config. State-changing requests (POST, PUT, DELETE, except /api/validate and /api/whatif) need the X-CSRF-Token header from GET /api/session.',
    },
    paths,
    components: {
      schemas: { Error: schema(ApiErrorBody, 'output') },
      securitySchemes: { csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' } },
    },
  };
}
