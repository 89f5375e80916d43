/**
 * What the API reads from tokens. ID tokens come straight from Cognito over TLS in the
 * same call, so their claims are read without re-verifying; an access token sent by a
 * client is always verified (signature, issuer, expiry, token_use, client_id) with
 * aws-jwt-verify against the pool's JWKS, and refused when issued in the future (beyond
 * MAX_CLOCK_SKEW_SECONDS). When the keys cannot be fetched the token is not "invalid":
 * the answer is the dependency 503, so a JWKS outage never signs everyone out.
 */
import { JwtRsaVerifier } from "aws-jwt-verify";
import { FetchError, JwksNotAvailableInCacheError } from "aws-jwt-verify/error";
import type { ApiConfig } from "./config";
import { ApiError } from "./api-error";
import { CALL_TIMEOUT_MS, callSignal, dependencyFailure, unavailable } from "./dependency-calls";

/**
 * How far in the future a token's `iat` may lie: clocks of Cognito and of the function
 * differ by a few seconds at most; a token "issued" later than this was not issued by them.
 */
export const MAX_CLOCK_SKEW_SECONDS = 60;

export interface ApiUser {
  user_id: string;
  email: string;
  role: string;
  name: string;
  is_admin: boolean;
}

export function decodeClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1];
  if (!payload) throw new Error("not a JWT");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** The reference's `user` object, from the ID token our pre token generation trigger shaped. */
export function userFromIdToken(idToken: string): ApiUser {
  const claims = decodeClaims(idToken);
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    user_id: text(claims.sub),
    email: text(claims.email),
    role: text(claims.role) || "user",
    name: text(claims.name),
    is_admin: claims.is_admin === true || claims.is_admin === "true",
  };
}

export type AccessTokenVerifier = (token: string) => Promise<Record<string, unknown>>;

export function accessTokenVerifier(config: ApiConfig, now: () => number = Date.now): AccessTokenVerifier {
  const verifier = JwtRsaVerifier.create({
    issuer: config.issuer,
    audience: null,
    jwksUri: config.jwksUri,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== "access") throw new Error("not an access token");
      if (payload.client_id !== config.clientId) throw new Error("issued to another client");
      if (typeof payload.iat !== "number" || payload.iat > now() / 1000 + MAX_CLOCK_SKEW_SECONDS) throw new Error("issued in the future");
    },
  });
  // aws-jwt-verify fetches keys over https only; a local emulator serves them over http,
  // so there (and only there) the keys are fetched here and handed to the verifier.
  let preloaded: Promise<void> | undefined;
  const preload = () =>
    (preloaded ??= fetch(config.jwksUri, { signal: callSignal(CALL_TIMEOUT_MS) })
      .then((r) => {
        if (!r.ok) throw new Error(`JWKS answered ${r.status}`);
        return r.json();
      })
      .then((jwks) => verifier.cacheJwks(jwks as never))
      .catch(() => {
        preloaded = undefined; // try again on the next request rather than failing forever
        throw unavailable();
      }));

  return async (token) => {
    if (config.jwksUri.startsWith("http://")) await preload();
    try {
      return (await verifier.verify(token)) as unknown as Record<string, unknown>;
    } catch (error) {
      // The keys could not be fetched (network, timeout, a 5xx): not the token's fault.
      if (error instanceof FetchError || error instanceof JwksNotAvailableInCacheError || dependencyFailure(error)) throw unavailable();
      throw new ApiError(401, "Invalid or expired token");
    }
  };
}

/** The token from an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer +([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(header ?? ""); // the scheme is case-insensitive (RFC 9110)
  if (!match || match[1]!.length > 8192) throw new ApiError(401, "Missing or malformed Authorization header: use Bearer <access_token>");
  return match[1]!;
}
