/**
 * The OpenAPI document, built by zod-to-openapi from the endpoints' zod schemas. Tests and the
 * local server run this; the Lambda bundle does not: scripts/build.mjs runs it at build time and
 * bundles a generateOpenApiDocument that returns that document, so no cold start compiles
 * zod-to-openapi or walks the schemas (the document is the same, from the same sources).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import * as z from "zod";
import type { Endpoint } from "./openapi";
import * as R from "./response-schemas";
import { UNAVAILABLE_DETAIL } from "./dependency-calls";

/** Classic zod's schema class for each kind of schema that schemas.ts builds with zod/mini. */
const CLASSIC = { object: z.ZodObject, string: z.ZodString, number: z.ZodNumber, boolean: z.ZodBoolean, literal: z.ZodLiteral, enum: z.ZodEnum, optional: z.ZodOptional, never: z.ZodNever, custom: z.ZodCustom } as unknown as Record<string, new (def: z.core.$ZodTypeDef) => z.ZodType>;

const isSchema = (value: unknown): value is z.core.$ZodType => typeof value === "object" && value !== null && "_zod" in value;

/**
 * The classic zod schema that classic zod's own methods would have built: the same definition
 * (checks; children converted alike), and `.meta()` where the schema has metadata. zod-to-openapi
 * reads classic zod (`.meta()`, `.minLength`), which zod/mini schemas do not carry, and takes a
 * schema's `id` for a component only on such a `.meta()` copy (one with a parent).
 */
function classic(schema: z.core.$ZodType, copies: Map<z.core.$ZodType, z.ZodType>): z.ZodType {
  const known = copies.get(schema);
  if (known) return known;
  const def = schema._zod.def;
  const Classic = CLASSIC[def.type];
  if (!Classic) throw new Error(`openapi-generator: no classic zod class for a ${def.type} schema (add it to CLASSIC)`);
  const converted = Object.entries(def).map(([key, value]) => {
    if (key === "checks") return [key, value];
    if (key === "shape") return [key, Object.fromEntries(Object.entries(value as Record<string, z.core.$ZodType>).map(([field, child]) => [field, classic(child, copies)]))];
    return [key, isSchema(value) ? classic(value, copies) : value];
  });
  const copy = new Classic(Object.fromEntries(converted) as z.core.$ZodTypeDef);
  const result = z.globalRegistry.has(schema) ? copy.meta(z.globalRegistry.get(schema)!) : copy;
  copies.set(schema, result);
  return result;
}

export function generateOpenApiDocument(endpoints: readonly Endpoint[]): object {
  const copies = new Map<z.core.$ZodType, z.ZodType>();
  const of = (schema: z.core.$ZodType) => classic(schema, copies);
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  for (const e of endpoints) {
    const errorResponses = Object.fromEntries(
      Object.entries({
        // Every endpoint that calls a dependency can answer the dependency 503 (dependency-calls.ts).
        ...(e.path.startsWith("/api/auth/") && e.path !== "/api/auth/captcha" ? { 503: UNAVAILABLE_DETAIL } : {}),
        ...e.errors,
        415: e.request ? "Content-Type must be application/json (optionally ; charset=utf-8)" : undefined,
        413: e.request ? "Body over 16 KB" : undefined,
      })
        .filter(([, d]) => d)
        .map(([status, description]) => [
          status,
          {
            description: description!,
            ...(status === "429" ? { headers: { "Retry-After": { description: "Seconds until one more attempt is allowed (sliding window)", schema: { type: "integer" as const } } } } : {}),
            ...(status === "503" ? { headers: { "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer" as const } } } } : {}),
            content: { "application/json": { schema: of(e.path === "/api/ready" ? R.ReadyResponse : R.ErrorResponse) } },
          },
        ]),
    );
    registry.registerPath({
      method: e.method,
      path: e.path,
      summary: e.summary,
      ...(e.bearer ? { security: [{ bearer: [] }] } : {}),
      ...(e.request ? { request: { body: { content: { "application/json": { schema: of(e.request) } } } } } : {}),
      responses: { [e.status ?? 200]: { description: "Success", content: { "application/json": { schema: of(R[e.response]) } } }, ...errorResponses },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "IGAD Innovation Hub auth API", version: "1.0.0", description: "Self-service registration and login on Amazon Cognito." },
  });
}
