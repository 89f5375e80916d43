/**
 * The OpenAPI document, built by zod-to-openapi from the endpoints' zod schemas. Tests and the
 * local server run this; the Lambda bundle does not: scripts/build.mjs runs it at build time and
 * bundles a generateOpenApiDocument that returns that document, so no cold start compiles
 * zod-to-openapi or walks the schemas (the document is the same, from the same sources).
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import type { Endpoint } from "./openapi";
import * as S from "./schemas";
import { UNAVAILABLE_DETAIL } from "./dependency-calls";

export function generateOpenApiDocument(endpoints: readonly Endpoint[]): object {
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
            content: { "application/json": { schema: e.path === "/api/ready" ? S.ReadyResponse : S.ErrorResponse } },
          },
        ]),
    );
    registry.registerPath({
      method: e.method,
      path: e.path,
      summary: e.summary,
      ...(e.bearer ? { security: [{ bearer: [] }] } : {}),
      ...(e.request ? { request: { body: { content: { "application/json": { schema: e.request } } } } } : {}),
      responses: { [e.status ?? 200]: { description: "Success", content: { "application/json": { schema: e.response } } }, ...errorResponses },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "IGAD Innovation Hub auth API", version: "1.0.0", description: "Self-service registration and login on Amazon Cognito." },
  });
}
