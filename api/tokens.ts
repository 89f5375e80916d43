/**
 * What the API reads from tokens. ID tokens come straight from Cognito over TLS in the
 * same call, so their claims are read without re-verifying; an access token sent by a
 * client is always verified (signature, issuer, expiry, token_use, client_id) with
 * aws-jwt-verify against the pool's JWKS.
 */
import { JwtRsaVerifier } from "aws-jwt-verify";
import type { ApiConfig } from "./config";
import { ApiError } from "./api-error";

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

export function accessTokenVerifier(config: ApiConfig): AccessTokenVerifier {
  const verifier = JwtRsaVerifier.create({
    issuer: config.issuer,
    audience: null,
    jwksUri: config.jwksUri,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== "access") throw new Error("not an access token");
      if (payload.client_id !== config.clientId) throw new Error("issued to another client");
    },
  });
  // aws-jwt-verify fetches keys over https only; a local emulator serves them over http,
  // so there (and only there) the keys are fetched here and handed to the verifier.
  let preloaded: Promise<void> | undefined;
  const preload = () =>
    (preloaded ??= fetch(config.jwksUri, { signal: AbortSignal.timeout(3000) })
      .then((r) => {
        if (!r.ok) throw new Error(`JWKS answered ${r.status}`);
        return r.json();
      })
      .then((jwks) => verifier.cacheJwks(jwks as never))
      .catch((error: unknown) => {
        preloaded = undefined; // try again on the next request rather than failing forever
        throw error;
      }));

  return async (token) => {
    try {
      if (config.jwksUri.startsWith("http://")) await preload();
      return (await verifier.verify(token)) as unknown as Record<string, unknown>;
    } catch {
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
