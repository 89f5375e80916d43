/**
 * Local-only: RevokeToken as Cognito does it. Cognito marks every token with
 * `origin_jti`, the id of the sign-in that produced it; revoking a refresh token also
 * revokes the access and ID tokens of that sign-in (including those minted later by
 * refreshing), so GetUser, DeleteUser and the other token operations answer
 * NotAuthorizedException "Access Token has been revoked". cognito-local only forgets the
 * refresh token, so the access token kept working until it expired.
 *
 * Here: access and refresh tokens are re-signed with cognito-local's own key with an `origin_jti` added
 * (a refresh carries the origin of the refresh token it used); this one signing pass also applies
 * what pre token generation V2 asked of the access token (pre-token-generation-v2.ts). RevokeToken
 * records the origin after cognito-local has accepted the revocation; operations taking an access
 * token refuse one from a revoked origin, and a refresh with a revoked refresh token is
 * NotAuthorizedException "Refresh Token has been revoked" (cognito-local: a bare
 * NotAuthorizedException). Revocations are kept in the data directory, so they survive a restart
 * as they do on AWS.
 */
import { createPrivateKey, createSign, randomUUID } from "node:crypto";
import { dirname } from "node:path";
import { NotAuthorizedError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { readJsonFile, writeFileDurablySync } from "../durable-file";
import { applyAccessTokenGeneration } from "./pre-token-generation-v2";
import { currentTokenRequest } from "./token-request";

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
  "GlobalSignOut",
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

/** The token signed again with cognito-local's key, its claims changed by `change`. */
function resigned(token: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const claims = jwtClaims(token);
  if (!claims) return token;
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT", kid: "CognitoLocal" })}.${encode(change(claims))}`;
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
    this.addAll([origin]);
  }

  /** Records several at once, in one write. */
  addAll(origins: Iterable<string>): void {
    const before = this.origins.size;
    for (const origin of origins) this.origins.add(origin);
    if (this.origins.size !== before) writeFileDurablySync(this.file, JSON.stringify([...this.origins]));
  }
}

/**
 * Gives cognito-local's tokens an origin_jti (the refresh token's when refreshing, a new one when
 * signing in) and applies pre token generation V2 to the access token, in one signing pass.
 */
export function withOriginJti(services: Services): void {
  const generator = services.tokenGenerator;
  const original = generator.generate.bind(generator);
  const generate: typeof original = async (...args) => {
    const tokens = await original(...args); // runs pre token generation, which fills the request's record
    const request = currentTokenRequest();
    const origin = request?.origin ?? randomUUID();
    const accessTokenGeneration = request?.accessTokenGeneration;
    if (request) request.accessTokenGeneration = undefined; // applied once, to the tokens of this call
    return {
      AccessToken: resigned(tokens.AccessToken, (claims) => ({ ...applyAccessTokenGeneration(claims, accessTokenGeneration), origin_jti: origin })),
      // The ID token is left as cognito-local signed it (with the V2 answer's ID-token part applied):
      // no operation takes it, and each signature costs about a millisecond per sign-in on this machine.
      IdToken: tokens.IdToken,
      RefreshToken: resigned(tokens.RefreshToken, (claims) => ({ ...claims, origin_jti: origin })),
    };
  };
  Object.defineProperty(generator, "generate", { value: generate });
}

/** Refuses a refresh token from a revoked sign-in, or one past its expiry (cognito-local never checks it). */
export function checkRefreshToken(token: unknown, revoked: RevokedOrigins, nowSeconds = Date.now() / 1000): Record<string, unknown> | undefined {
  const claims = jwtClaims(token);
  if (revoked.has(claims?.origin_jti)) throw new NotAuthorizedError("Refresh Token has been revoked");
  if (typeof claims?.exp === "number" && claims.exp <= nowSeconds) throw new NotAuthorizedError("Refresh Token has expired");
  return claims;
}

/** Wraps a router: refreshes keep their origin, RevokeToken records it, access-token operations check it. */
export function withTokenRevocation(router: Router, revoked: RevokedOrigins): Router {
  return (target) => {
    const route: Route = router(target);
    if (target === "InitiateAuth" || target === "AdminInitiateAuth") {
      return async (ctx, req) => {
        if (!REFRESH_FLOWS.has(req?.AuthFlow)) return route(ctx, req);
        const origin = checkRefreshToken(req.AuthParameters?.REFRESH_TOKEN, revoked)?.origin_jti;
        const request = currentTokenRequest();
        if (request && typeof origin === "string") request.origin = origin;
        return route(ctx, req);
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
