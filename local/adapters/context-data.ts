/**
 * Local-only: what the pool learns about the person behind each request. On AWS, threat
 * protection reads ContextData (AdminInitiateAuth, AdminRespondToAuthChallenge: IpAddress,
 * ServerName, ServerPath, HttpHeaders) and UserContextData (SignUp, ConfirmSignUp,
 * ForgotPassword, ConfirmForgotPassword, ResendConfirmationCode, InitiateAuth,
 * RespondToAuthChallenge, GetTokensFromRefreshToken: IpAddress, EncodedData). cognito-local
 * ignores both, so nothing showed whether the API passes them.
 *
 * Here each such request's context is recorded (the newest 200, in memory only) and shown
 * read-only as JSON at GET /_local/cognito-context on the API's local server:
 * [{operation, ipAddress, serverName, serverPath, headerNames, at}]. Header names only: their
 * values (cookies, authorization) are never kept, shown or logged.
 */
import { Hono } from "hono";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { loopbackHostOnly } from "../loopback-host";

export const CONTEXT_DATA_TARGETS = ["AdminInitiateAuth", "AdminRespondToAuthChallenge"];
export const USER_CONTEXT_DATA_TARGETS = [
  "SignUp",
  "ConfirmSignUp",
  "ForgotPassword",
  "ConfirmForgotPassword",
  "ResendConfirmationCode",
  "InitiateAuth",
  "RespondToAuthChallenge",
  "GetTokensFromRefreshToken",
];
const MAX_ENTRIES = 200;

export interface ContextSeen {
  operation: string;
  ipAddress: string | null;
  serverName: string | null;
  serverPath: string | null;
  headerNames: string[];
  at: string;
}

const text = (value: unknown) => (typeof value === "string" ? value : null);

export class ContextDataLog {
  private readonly entries: ContextSeen[] = [];

  /** What `operation` received as context, if anything; never a header value. */
  record(operation: string, req: Record<string, any> | undefined): void {
    const data = CONTEXT_DATA_TARGETS.includes(operation) ? req?.ContextData : USER_CONTEXT_DATA_TARGETS.includes(operation) ? req?.UserContextData : undefined;
    if (!data || typeof data !== "object") return;
    const headers: unknown[] = Array.isArray(data.HttpHeaders) ? data.HttpHeaders : [];
    this.entries.push({
      operation,
      ipAddress: text(data.IpAddress),
      serverName: text(data.ServerName),
      serverPath: text(data.ServerPath),
      headerNames: headers.map((h) => text((h as { headerName?: unknown })?.headerName)).filter((name): name is string => name !== null),
      at: new Date().toISOString(),
    });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  list(): ContextSeen[] {
    return this.entries.map((entry) => ({ ...entry, headerNames: [...entry.headerNames] }));
  }

  /** GET /cognito-context, to mount under /_local; loopback Host only, never cached. */
  routes(): Hono {
    const app = new Hono();
    app.use(loopbackHostOnly());
    app.get("/cognito-context", (c) => {
      c.header("cache-control", "no-store");
      return c.json(this.list());
    });
    return app;
  }
}

/** Wraps a router: the operations above record what context they received. */
export function withContextDataLog(router: Router, log: ContextDataLog): Router {
  return (target) => {
    const route: Route = router(target);
    if (!CONTEXT_DATA_TARGETS.includes(target) && !USER_CONTEXT_DATA_TARGETS.includes(target)) return route;
    return (ctx, req) => {
      log.record(target, req);
      return route(ctx, req);
    };
  };
}
