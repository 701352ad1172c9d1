/**
 * The OpenAPI 3.1 document of the API, generated from the route table: parameters and bodies come from the same
 * zod schemas that validate requests (`z.toJSONSchema`), so the document cannot drift from the code.
 */
import { z } from 'zod';
import type { ApiRoute } from './route';
import { toOpenApiPath } from './route';
import { ErrorResponseSchema } from './schemas/responses';

type JsonObject = Record<string, unknown>;

/** JSON Schema (2020-12, the dialect of OpenAPI 3.1) of a zod schema, without the `$schema` header. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

function parametersOf(route: ApiRoute): JsonObject[] {
  const parameters: JsonObject[] = [];
  for (const [location, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = jsonSchemaOf(schema, 'input');
    const properties = (json.properties ?? {}) as Record<string, JsonObject>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...propertySchema } = property;
      parameters.push({
        name,
        in: location,
        required: location === 'path' || required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: propertySchema,
      });
    }
  }
  return parameters;
}

function operationOf(route: ApiRoute): JsonObject {
  const responses: JsonObject = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const schema = response.schema ?? (Number(status) >= 400 ? ErrorResponseSchema : undefined);
    responses[status] = {
      description: response.description,
      ...(schema
        ? { content: { [response.mediaType ?? 'application/json']: { schema: jsonSchemaOf(schema, 'output') } } }
        : {}),
    };
  }
  const parameters = parametersOf(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: route.body.required,
            content: { 'application/json': { schema: jsonSchemaOf(route.body.schema, 'input') } },
          },
        }
      : {}),
    security: route.role === 'public' ? [] : [{ bearer: [] }],
    'x-required-role': route.role,
    responses,
  };
}

/** The whole document; `serverUrl` is the API's public URL. */
export function buildOpenApiDocument(routes: readonly ApiRoute[], serverUrl: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tenant provisioning API',
      version: '1.0.0',
      description:
        'Start, follow, retry and cancel tenant provisioning jobs (Temporal workflows), check instance health and ' +
        'manage orphaned provider resources. Every error is JSON {error: {code, message}}.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A named credential from API_CREDENTIALS; x-required-role names the weakest role allowed',
        },
      },
      schemas: { Error: jsonSchemaOf(ErrorResponseSchema, 'output') },
    },
  };
}
