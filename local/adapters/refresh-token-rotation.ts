/**
 * Local-only: refresh-token rotation, as AWS does it for an app client whose
 * RefreshTokenRotation is ENABLED. GetTokensFromRefreshToken (ClientId, ClientSecret,
 * RefreshToken, ClientMetadata) then answers new ID, access AND refresh tokens; the submitted
 * refresh token stays valid for RetryGracePeriodSeconds (0-60) and is refused afterwards
 * (RefreshTokenReuseException); REFRESH_TOKEN_AUTH is not allowed on such a client (AWS requires
 * ALLOW_REFRESH_TOKEN_AUTH off for rotation; the refusal here is InvalidParameterException "Auth
 * flow not enabled for this client", AWS's text for a flow a client does not allow). With rotation
 * disabled, GetTokensFromRefreshToken answers ID and access tokens only. cognito-local has no
 * GetTokensFromRefreshToken and does not store RefreshTokenRotation.
 *
 * Here the setting is kept in this adapter's own record, keyed by client id (taken from
 * CreateUserPoolClient / UpdateUserPoolClient, shown by DescribeUserPoolClient), with the
 * rotated-out tokens (their SHA-256, never the token) and their deadlines; the record is written
 * atomically (local/durable-file.ts) and survives restarts. The new tokens come from cognito-local's
 * own generator with the submitted token's origin_jti, so the whole family is one sign-in:
 * RevokeToken of the newest refresh token, or a global sign-out, ends it all (token-revocation.ts).
 */
import { createHash } from "node:crypto";
import { CognitoError, InvalidParameterError, NotAuthorizedError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { readJsonFile, writeFileDurablySync } from "../durable-file";
import { currentTokenRequest } from "./token-request";
import { checkRefreshToken, jwtClaims, type RevokedOrigins } from "./token-revocation";

export interface RefreshTokenRotation {
  Feature: "ENABLED" | "DISABLED";
  RetryGracePeriodSeconds?: number;
}

interface Stored {
  clients: Record<string, RefreshTokenRotation>;
  /** SHA-256 of a rotated-out refresh token → until when it is still accepted, and when it expires anyway (ms). */
  rotatedOut: Record<string, { acceptedUntil: number; expires: number }>;
}

/** Used when a client enables rotation without saying how long the old token stays valid. */
export const DEFAULT_GRACE_SECONDS = 10;

const isStored = (value: unknown): value is Stored =>
  !!value && typeof value === "object" && typeof (value as Stored).clients === "object" && typeof (value as Stored).rotatedOut === "object";
const digest = (token: string) => createHash("sha256").update(token).digest("base64url");

export class RefreshTokenRotations {
  private readonly stored: Stored;

  constructor(
    private readonly file: string,
    dataDir: string,
    private readonly now: () => number = Date.now,
    readonly defaultGraceSeconds = DEFAULT_GRACE_SECONDS,
  ) {
    this.stored = readJsonFile(file, { dataDir, valid: isStored, shape: "a JSON object with clients and rotatedOut" }) ?? { clients: {}, rotatedOut: {} };
  }

  of(clientId: unknown): RefreshTokenRotation | undefined {
    return typeof clientId === "string" ? this.stored.clients[clientId] : undefined;
  }

  enabled(clientId: unknown): boolean {
    return this.of(clientId)?.Feature === "ENABLED";
  }

  /** The setting as stored; InvalidParameterException for one AWS would refuse. */
  static valid(rotation: RefreshTokenRotation): RefreshTokenRotation {
    const grace = rotation?.RetryGracePeriodSeconds;
    if (rotation?.Feature !== "ENABLED" && rotation?.Feature !== "DISABLED") throw new InvalidParameterError("RefreshTokenRotation.Feature must be ENABLED or DISABLED");
    if (grace !== undefined && (!Number.isInteger(grace) || grace < 0 || grace > 60)) throw new InvalidParameterError("RetryGracePeriodSeconds must be between 0 and 60");
    return { Feature: rotation.Feature, ...(grace !== undefined ? { RetryGracePeriodSeconds: grace } : {}) };
  }

  set(clientId: string, rotation: RefreshTokenRotation): void {
    this.stored.clients[clientId] = RefreshTokenRotations.valid(rotation);
    this.save();
  }

  /** Whether a token rotated out earlier is past its grace period. */
  reused(token: string): boolean {
    const entry = this.stored.rotatedOut[digest(token)];
    return entry !== undefined && this.now() >= entry.acceptedUntil;
  }

  /** The token was just rotated out by `clientId`: accepted for the grace period from its first rotation on. */
  rotatedOut(token: string, clientId: string): void {
    const key = digest(token);
    if (this.stored.rotatedOut[key]) return;
    const grace = this.of(clientId)?.RetryGracePeriodSeconds ?? this.defaultGraceSeconds;
    const exp = jwtClaims(token)?.exp;
    this.stored.rotatedOut[key] = { acceptedUntil: this.now() + grace * 1000, expires: typeof exp === "number" ? exp * 1000 : Number.MAX_SAFE_INTEGER };
    for (const [other, entry] of Object.entries(this.stored.rotatedOut)) if (entry.expires <= this.now()) delete this.stored.rotatedOut[other];
    this.save();
  }

  private save(): void {
    writeFileDurablySync(this.file, JSON.stringify(this.stored));
  }
}

/** RefreshTokenReuseException: a rotated-out refresh token used after its grace period. */
class RefreshTokenReuseError extends CognitoError {
  constructor() {
    super("RefreshTokenReuseException", "Refresh token has been invalidated by refresh token rotation");
  }
}

/** Wraps a router: client settings are kept, REFRESH_TOKEN_AUTH is refused on rotating clients, GetTokensFromRefreshToken is served. */
export function withRefreshTokenRotation(services: Services, router: Router, rotations: RefreshTokenRotations, revoked: RevokedOrigins): Router {
  return (target) => {
    if (target === "GetTokensFromRefreshToken") return getTokensFromRefreshToken(services, rotations, revoked);
    const route: Route = router(target);
    if (target === "CreateUserPoolClient" || target === "UpdateUserPoolClient") {
      return async (ctx, req) => {
        const rotation = req?.RefreshTokenRotation as RefreshTokenRotation | undefined;
        if (rotation) RefreshTokenRotations.valid(rotation); // a bad setting is refused before anything is created
        const result = await route(ctx, req);
        const clientId = result?.UserPoolClient?.ClientId;
        if (rotation && typeof clientId === "string") rotations.set(clientId, rotation);
        return withSetting(result, rotations);
      };
    }
    if (target === "DescribeUserPoolClient") return async (ctx, req) => withSetting(await route(ctx, req), rotations);
    if (target === "InitiateAuth" || target === "AdminInitiateAuth") {
      return async (ctx, req) => {
        if ((req?.AuthFlow === "REFRESH_TOKEN_AUTH" || req?.AuthFlow === "REFRESH_TOKEN") && rotations.enabled(req?.ClientId)) {
          throw new InvalidParameterError("Auth flow not enabled for this client");
        }
        return route(ctx, req);
      };
    }
    return route;
  };
}

function withSetting(result: any, rotations: RefreshTokenRotations): any {
  const client = result?.UserPoolClient;
  const rotation = rotations.of(client?.ClientId);
  return client && rotation ? { ...result, UserPoolClient: { ...client, RefreshTokenRotation: rotation } } : result;
}

function getTokensFromRefreshToken(services: Services, rotations: RefreshTokenRotations, revoked: RevokedOrigins): Route {
  return async (ctx, req) => {
    if (typeof req?.ClientId !== "string" || typeof req?.RefreshToken !== "string") throw new InvalidParameterError("ClientId and RefreshToken are required");
    const client = await services.cognito.getAppClient(ctx, req.ClientId);
    if (!client) throw new NotAuthorizedError("Invalid Refresh Token.");
    const claims = checkRefreshToken(req.RefreshToken, revoked); // revoked or expired
    const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
    const user = await pool.getUserByRefreshToken(ctx, req.RefreshToken);
    if (!user || typeof claims?.origin_jti !== "string") throw new NotAuthorizedError("Invalid Refresh Token.");
    const rotating = rotations.enabled(req.ClientId);
    if (rotating && rotations.reused(req.RefreshToken)) throw new RefreshTokenReuseError();

    const request = currentTokenRequest();
    if (request) request.origin = claims.origin_jti; // the new tokens continue this sign-in
    const groups = await pool.listUserGroupMembership(ctx, user);
    const tokens = await services.tokenGenerator.generate(ctx, user, groups, client, request?.clientMetadata, "RefreshTokens");
    const accessClaims = jwtClaims(tokens.AccessToken) ?? {};
    const expiresIn = typeof accessClaims.exp === "number" && typeof accessClaims.iat === "number" ? accessClaims.exp - accessClaims.iat : undefined;
    if (rotating) {
      const fresh = await pool.getUserByUsername(ctx, user.Username);
      if (fresh) await pool.storeRefreshToken(ctx, tokens.RefreshToken, fresh);
      rotations.rotatedOut(req.RefreshToken, req.ClientId);
    }
    return {
      AuthenticationResult: {
        AccessToken: tokens.AccessToken,
        IdToken: tokens.IdToken,
        ...(rotating ? { RefreshToken: tokens.RefreshToken } : {}),
        ExpiresIn: expiresIn,
        TokenType: "Bearer",
      },
    };
  };
}
