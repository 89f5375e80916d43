/**
 * The HTTP app: every /api/auth/* endpoint of the reference plus health and docs.
 * No process-level side effects: the Lambda entry (lambda.ts), the local server
 * (server.ts) and tests each build it with their own clients.
 */
import { randomUUID } from "node:crypto";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ApiError, UnexpectedCognitoError } from "./api-error";
import { withoutBlindRetries } from "./answer-lost";
import { AuditLog } from "./audit-log";
import { Captcha } from "./captcha";
import { CodeAttempts } from "./code-attempts";
import type { ApiConfig } from "./config";
import { boundedClient, dependencyFailure, REQUEST_DEADLINE_MS, unavailable, withRequestDeadline } from "./dependency-calls";
import { hashFor, limitsFor, type RouteDeps } from "./deps";
import { logger } from "./logger";
import { docsPage, ENDPOINTS, openApiDocument } from "./openapi";
import { RateLimiter } from "./rate-limiter";
import { readinessCheck } from "./readiness";
import { RecordsTable } from "./records-table";
import { SessionRevocations } from "./session-revocation";
import { accountRoutes } from "./routes/account";
import { adminRoutes } from "./routes/admin";
import { captchaRoutes } from "./routes/captcha";
import { mfaRoutes } from "./routes/mfa";
import { passwordResetRoutes } from "./routes/password-reset";
import { profileRoutes } from "./routes/profile";
import { registrationRoutes } from "./routes/registration";
import { sessionRoutes } from "./routes/session";
import { accessTokenVerifier, type AccessTokenVerifier } from "./tokens";
import { webPages } from "../web/pages-app";

export interface AppDeps {
  config: ApiConfig;
  cognito: CognitoIdentityProviderClient;
  dynamo: DynamoDBClient;
  clientIp: (c: Context) => string;
  now?: () => number;
  /** Tests may replace the access-token check; by default aws-jwt-verify against the pool's JWKS. */
  verifyAccessToken?: AccessTokenVerifier;
  /** Tests may replace the wait after signing someone out everywhere (session-revocation.ts). */
  sleep?: (ms: number) => Promise<void>;
}

declare module "hono" {
  /** Every request gets a server-made id, quoted in logs and in 500 answers. */
  interface ContextVariableMap {
    requestId: string;
  }
}

export const MAX_BODY_BYTES = 16 * 1024;
const KNOWN_PATHS = new Set([...ENDPOINTS.map((e) => e.path), "/api/openapi.json", "/api/docs"]);
/** The path only when it is one of ours: other paths are client-chosen text (and local-only routes carry emails). */
const loggablePath = (c: Context) => (KNOWN_PATHS.has(c.req.path) ? c.req.path : "(other)");

export function createApp(deps: AppDeps): Hono {
  // Every call either client makes is bounded by the request's deadline and a per-call timeout.
  // A call that changes something is never repeated blindly after its answer was lost (answer-lost.ts).
  withoutBlindRetries(deps.cognito);
  const cognito = boundedClient(deps.cognito);
  const dynamo = boundedClient(deps.dynamo);
  const limiter = new RateLimiter(dynamo, deps.config.rateLimitTable, deps.now);
  const records = new RecordsTable(dynamo, deps.config.rateLimitTable, deps.now);
  const sessions = new SessionRevocations(records, deps.now, deps.sleep);
  const verifySignature = deps.verifyAccessToken ?? accessTokenVerifier(deps.config, deps.now);
  const routeDeps: RouteDeps = {
    config: deps.config,
    cognito,
    limiter,
    limits: limitsFor(deps.config),
    // A well-signed token of a session that has ended (signed out everywhere, logged out) is refused too.
    verifyAccessToken: async (token) => {
      const claims = await verifySignature(token);
      await sessions.refuseEnded(claims);
      return claims;
    },
    clientIp: deps.clientIp,
    secretHash: hashFor(deps.config),
    captcha: new Captcha(deps.config.clientSecret, dynamo, deps.config.rateLimitTable, deps.now),
    sessions,
    codes: new CodeAttempts(records, limiter),
    records,
    audit: new AuditLog(dynamo, deps.config.auditTable, deps.now),
  };
  const allowed = new Set(deps.config.corsAllowedOrigins);

  const app = new Hono();
  // Our own id on every request, never one a client sent: it is what logs and 500 answers quote.
  app.use("*", async (c, next) => {
    c.set("requestId", randomUUID());
    await next();
    c.header("X-Request-Id", c.get("requestId"));
  });
  app.use("*", async (c, next) => {
    const started = Date.now();
    await next();
    logger.info("request", { method: c.req.method, path: loggablePath(c), status: c.res.status, requestId: c.get("requestId"), ms: Date.now() - started });
  });
  app.use(
    "*",
    secureHeaders({
      xFrameOptions: "DENY",
      // The docs page is the only HTML: inline styles, nothing else, never framed.
      contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
      overwrite: false, // the pages (web/) set their own CSP
    }),
  );
  // The overall deadline: calls inside abort at it (dependency-calls.ts); if anything still
  // has not answered shortly after, the client gets the 503 rather than a hanging request.
  app.use("/api/*", async (c, next) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), REQUEST_DEADLINE_MS + 250)));
    const outcome = await Promise.race([withRequestDeadline(next), late]);
    clearTimeout(timer);
    if (outcome === "late") {
      const error = unavailable();
      c.res = c.json({ detail: error.detail }, error.status, { "Retry-After": String(error.retryAfter), "Cache-Control": "no-store" });
    }
  });
  const noStore = async (c: Context, next: () => Promise<void>) => {
    await next();
    c.header("Cache-Control", "no-store");
    c.header("Pragma", "no-cache");
  };
  app.use("/api/auth/*", noStore);
  app.use("/api/admin/*", noStore);
  app.use("/api/*", cors({ origin: (origin) => (allowed.has(origin) ? origin : null), allowMethods: ["GET", "POST", "PATCH", "DELETE"], allowHeaders: ["Content-Type", "Authorization"], maxAge: 600 }));
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      // The rest of an oversized body is never read, so this connection cannot be reused:
      // say so, or a keep-alive client sends its next request into a socket about to close.
      onError: (c) => c.json({ detail: "Request body too large (limit 16 KB)" }, 413, { Connection: "close" }),
    }),
  );

  app.route("/api/auth", registrationRoutes(routeDeps));
  app.route("/api/auth", sessionRoutes(routeDeps));
  app.route("/api/auth", passwordResetRoutes(routeDeps));
  app.route("/api/auth", accountRoutes(routeDeps));
  app.route("/api/auth", profileRoutes(routeDeps));
  app.route("/api/auth", captchaRoutes(routeDeps));
  app.route("/api/auth", mfaRoutes(routeDeps));
  app.route("/api/admin", adminRoutes(routeDeps));
  app.get("/api/health", (c) => c.json({ status: "ok" }));
  const ready = readinessCheck({ config: deps.config, cognito, dynamo, verifyAccessToken: routeDeps.verifyAccessToken });
  app.get("/api/ready", async (c) => {
    const report = await ready();
    return c.json(report, report.status === "ready" ? 200 : 503, report.status === "ready" ? {} : { "Retry-After": String(unavailable().retryAfter) });
  });
  app.get("/api/openapi.json", (c) => c.json(openApiDocument()));
  app.get("/api/docs", (c) => c.html(docsPage()));
  app.route("/", webPages(() => app, routeDeps));

  app.notFound((c) => c.json({ detail: "Not found" }, 404));
  app.onError((error, c) => {
    const id = c.get("requestId");
    // A dependency's failure that reached here unmapped (say, the rate-limit table timing out) is a 503 too.
    const known = error instanceof ApiError ? error : dependencyFailure(error);
    if (known) {
      if (known.retryAfter) c.header("Retry-After", String(known.retryAfter));
      if (known.status === 503) logger.warn("dependency unavailable", { requestId: id, errorName: error.name, path: loggablePath(c) });
      return c.json({ detail: known.detail }, known.status);
    }
    // Never the message or the stack: they can carry internals. The name and the request id are enough to find it.
    logger.error("unexpected error", {
      requestId: id,
      errorName: error.name,
      ...(error instanceof UnexpectedCognitoError ? { operation: error.operation, cognitoError: error.causeName } : {}),
      path: loggablePath(c),
    });
    const detail = error instanceof UnexpectedCognitoError ? `${error.operation}: unexpected error (request id ${id})` : `Internal server error (request id ${id})`;
    return c.json({ detail, request_id: id }, 500);
  });
  return app;
}
