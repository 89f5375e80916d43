/**
 * Local-only: RevokeToken as Cognito does it. Cognito marks every token with
 * `origin_jti`, the id of the sign-in that produced it; revoking a refresh token also
 * revokes the access and ID tokens of that sign-in (including those minted later by
 * refreshing), so GetUser, DeleteUser and the other token operations answer
 * NotAuthorizedException "Access Token has been revoked". cognito-local only forgets the
 * refresh token, so the access token kept working until it expired.
 *
 * Here: access and refresh tokens are re-signed with cognito-local's own key with an `origin_jti` added
 * (a refresh carries the origin of the refresh token it used); RevokeToken records the
 * origin after cognito-local has accepted the revocation; operations taking an access
 * token refuse one from a revoked origin. Revocations are kept in the data directory,
 * so they survive a restart as they do on AWS.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createPrivateKey, createSign, randomUUID } from "node:crypto";
import { dirname } from "node:path";
import { NotAuthorizedError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { readJsonFile, writeFileDurablySync } from "../durable-file";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SIGNING_KEY = createPrivateKey((require("cognito-local/lib/keys/cognitoLocal.private.json") as { pem: string }).pem); // parsed once

/** The operations that take an access token (those cognito-local has). */
export const ACCESS_TOKEN_TARGETS = [
  "GetUser",
  "DeleteUser",
  "UpdateUserAttributes",
  "DeleteUserAttributes",
  "ChangePassword",
  "VerifyUserAttribute",
  "GetUserAttributeVerificationCode",
  "SetUserMFAPreference",
  "AssociateSoftwareToken",
  "VerifySoftwareToken",
];
const REFRESH_FLOWS = new Set(["REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"]);

/** The claims of a JWT, unverified: only for tokens cognito-local itself has just accepted or issued. */
export function jwtClaims(token: unknown): Record<string, unknown> | undefined {
  if (typeof token !== "string") return undefined;
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return claims && typeof claims === "object" ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function withOrigin(token: string, originJti: string): string {
  const claims = jwtClaims(token);
  if (!claims) return token;
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT", kid: "CognitoLocal" })}.${encode({ ...claims, origin_jti: originJti })}`;
  return `${unsigned}.${createSign("RSA-SHA256").update(unsigned).sign(SIGNING_KEY, "base64url")}`;
}

/** The revoked sign-ins (origin_jti values), kept in a JSON file, written atomically; a damaged file stops the start. */
export class RevokedOrigins {
  private readonly origins: Set<string>;

  constructor(
    private readonly file: string,
    dataDir = dirname(file),
  ) {
    const isList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string");
    this.origins = new Set(readJsonFile(file, { dataDir, valid: isList, shape: "a JSON list of strings" }) ?? []);
  }

  has(origin: unknown): boolean {
    return typeof origin === "string" && this.origins.has(origin);
  }

  add(origin: string): void {
    this.origins.add(origin);
    writeFileDurablySync(this.file, JSON.stringify([...this.origins]));
  }
}

/** Gives cognito-local's tokens an origin_jti: the refresh token's when refreshing, a new one when signing in. */
export function withOriginJti(services: Services): AsyncLocalStorage<string> {
  const refreshing = new AsyncLocalStorage<string>();
  const generator = services.tokenGenerator;
  const original = generator.generate.bind(generator);
  const generate: typeof original = async (...args) => {
    const tokens = await original(...args);
    const origin = refreshing.getStore() ?? randomUUID();
    return {
      AccessToken: withOrigin(tokens.AccessToken, origin),
      // The ID token is left as cognito-local signed it: no operation takes it, and each
      // signature costs about a millisecond per sign-in on this machine.
      IdToken: tokens.IdToken,
      RefreshToken: withOrigin(tokens.RefreshToken, origin),
    };
  };
  Object.defineProperty(generator, "generate", { value: generate });
  return refreshing;
}

/** Wraps a router: refreshes keep their origin, RevokeToken records it, access-token operations check it. */
export function withTokenRevocation(router: Router, refreshing: AsyncLocalStorage<string>, revoked: RevokedOrigins): Router {
  return (target) => {
    const route: Route = router(target);
    if (target === "InitiateAuth" || target === "AdminInitiateAuth") {
      return async (ctx, req) => {
        if (!REFRESH_FLOWS.has(req?.AuthFlow)) return route(ctx, req);
        const origin = jwtClaims(req.AuthParameters?.REFRESH_TOKEN)?.origin_jti;
        return typeof origin === "string" ? refreshing.run(origin, () => route(ctx, req)) : route(ctx, req);
      };
    }
    if (target === "RevokeToken") {
      return async (ctx, req) => {
        const result = await route(ctx, req); // cognito-local checks that the token is a live refresh token
        const origin = jwtClaims(req?.Token)?.origin_jti;
        if (typeof origin === "string") revoked.add(origin);
        return result;
      };
    }
    if (ACCESS_TOKEN_TARGETS.includes(target)) {
      return async (ctx, req) => {
        if (revoked.has(jwtClaims(req?.AccessToken)?.origin_jti)) throw new NotAuthorizedError("Access Token has been revoked");
        return route(ctx, req);
      };
    }
    return route;
  };
}
