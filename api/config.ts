/**
 * The API's configuration, read once from the environment; a missing or malformed
 * variable fails the start with its name.
 */
import { settingsFromEnv, SettingsError, type AccountSettings } from "../policies/settings";

export interface RateLimits {
  /** Sign-ups that reach the pool, per source address (malformed requests do not count). */
  registerPerHour: number;
  /** Attempts at one emailed code (verification or reset) from one source address; a new code starts afresh. */
  verifyPerHour: number;
  /** New verification codes per source address and email. */
  resendPerHour: number;
  /** Sign-ins per source address and email. */
  loginPer15Min: number;
  /** Reset codes per source address and email. */
  forgotPerHour: number;
  /** Attempts at one emailed code from all source addresses together: a stranger's ceiling. */
  codeAttemptsPerCode: number;
  /** Failed sign-ins per source address across every account (password spraying). */
  loginFailuresPerIp15Min: number;
  /** Emails (codes, notices) the API asks Cognito to send per source address, across addresses. */
  emailsPerIpPerHour: number;
}

export interface ApiConfig {
  region: string;
  userPoolId: string;
  clientId: string;
  /** The API client's secret: used for SECRET_HASH, never sent to a browser or logged. */
  clientSecret: string;
  /** A Cognito emulator's URL (local stack); unset on AWS. */
  cognitoEndpoint?: string;
  rateLimitTable: string;
  dynamoEndpoint?: string;
  corsAllowedOrigins: string[];
  rateLimits: RateLimits;
  account: AccountSettings;
  /**
   * Milliseconds forgot-password, resend-verification (and register, when existing
   * accounts are concealed) take at least, so their timing does not tell whether an
   * account exists (response-floor.ts). ENUMERATION_FLOOR_MS, default 800, 0 to 4000.
   */
  enumerationFloorMs: number;
  /**
   * The API client has refresh-token rotation on (Essentials or Plus): /refresh calls
   * GetTokensFromRefreshToken and answers the new refresh token. REFRESH_TOKEN_ROTATION, default false.
   */
  refreshTokenRotation: boolean;
  /**
   * The app client the API signs in with for itself, never for a person's session: its access
   * tokens keep aws.cognito.signin.user.admin (the pre token trigger spares this client only), which
   * AssociateSoftwareToken and VerifySoftwareToken need. SELF_SERVICE_CLIENT_ID and
   * SELF_SERVICE_CLIENT_SECRET; without them two-step verification cannot be set up (503).
   */
  selfServiceClient?: { id: string; secret: string };
  /** The audit trail's DynamoDB table (AUDIT_TABLE); without it the administration endpoints answer 503. */
  auditTable?: string;
  /** Where the pool's signing keys are, and who issues its tokens. */
  jwksUri: string;
  issuer: string;
}

export const DEFAULT_ENUMERATION_FLOOR_MS = 800;

export const DEFAULT_RATE_LIMITS: RateLimits = {
  registerPerHour: 5,
  verifyPerHour: 3,
  resendPerHour: 5,
  loginPer15Min: 10,
  forgotPerHour: 5,
  codeAttemptsPerCode: 10,
  loginFailuresPerIp15Min: 30,
  emailsPerIpPerHour: 20,
};

const RATE_LIMIT_ENV: Record<keyof RateLimits, string> = {
  registerPerHour: "RATE_LIMIT_REGISTER_PER_HOUR",
  verifyPerHour: "RATE_LIMIT_VERIFY_PER_HOUR",
  resendPerHour: "RATE_LIMIT_RESEND_PER_HOUR",
  loginPer15Min: "RATE_LIMIT_LOGIN_PER_15MIN",
  forgotPerHour: "RATE_LIMIT_FORGOT_PER_HOUR",
  codeAttemptsPerCode: "RATE_LIMIT_CODE_ATTEMPTS_PER_CODE",
  loginFailuresPerIp15Min: "RATE_LIMIT_LOGIN_FAILURES_PER_IP_15MIN",
  emailsPerIpPerHour: "RATE_LIMIT_EMAILS_PER_IP_PER_HOUR",
};

export function apiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new SettingsError(name, "is required");
    return value;
  };
  const region = env.AWS_REGION?.trim() || "us-east-1";
  const userPoolId = required("COGNITO_USER_POOL_ID");
  const cognitoEndpoint = env.COGNITO_ENDPOINT?.trim().replace(/\/+$/, "") || undefined;
  const rateLimits = { ...DEFAULT_RATE_LIMITS };
  for (const [key, name] of Object.entries(RATE_LIMIT_ENV) as [keyof RateLimits, string][]) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1) throw new SettingsError(name, `must be a whole number from 1 to 99999, not "${raw}"`);
    rateLimits[key] = Number(raw);
  }
  const floorRaw = env.ENUMERATION_FLOOR_MS?.trim();
  if (floorRaw && (!/^\d{1,4}$/.test(floorRaw) || Number(floorRaw) > 4000)) throw new SettingsError("ENUMERATION_FLOOR_MS", `must be a whole number of milliseconds from 0 to 4000, not "${floorRaw}"`);
  const rotationRaw = env.REFRESH_TOKEN_ROTATION?.trim().toLowerCase() || "false";
  if (rotationRaw !== "true" && rotationRaw !== "false") throw new SettingsError("REFRESH_TOKEN_ROTATION", `must be true or false, not "${rotationRaw}"`);
  const issuer = cognitoEndpoint ? `${cognitoEndpoint}/${userPoolId}` : `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  return {
    region,
    userPoolId,
    clientId: required("COGNITO_CLIENT_ID"),
    clientSecret: required("COGNITO_CLIENT_SECRET"),
    cognitoEndpoint,
    rateLimitTable: required("RATE_LIMIT_TABLE"),
    dynamoEndpoint: env.DYNAMODB_ENDPOINT?.trim() || undefined,
    corsAllowedOrigins: (env.CORS_ALLOWED_ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean),
    rateLimits,
    account: settingsFromEnv(env),
    enumerationFloorMs: floorRaw ? Number(floorRaw) : DEFAULT_ENUMERATION_FLOOR_MS,
    refreshTokenRotation: rotationRaw === "true",
    selfServiceClient: selfServiceClient(env),
    auditTable: env.AUDIT_TABLE?.trim() || undefined,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    issuer,
  };
}

function selfServiceClient(env: NodeJS.ProcessEnv): ApiConfig["selfServiceClient"] {
  const id = env.SELF_SERVICE_CLIENT_ID?.trim();
  const secret = env.SELF_SERVICE_CLIENT_SECRET?.trim();
  if (!id && !secret) return undefined;
  if (!id || !secret) throw new SettingsError(id ? "SELF_SERVICE_CLIENT_SECRET" : "SELF_SERVICE_CLIENT_ID", "is required with the other (the self-service app client's id and secret)");
  return { id, secret };
}
