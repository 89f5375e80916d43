/**
 * The CAPTCHA on registration: ALTCHA, a self-hosted proof of work (altcha-lib, v2
 * challenge format, the one the `altcha` 3.x widget solves). No third-party service.
 *
 * - A challenge is PBKDF2/SHA-256 in altcha-lib's deterministic mode: the server picks a
 *   secret counter in COUNTER_RANGE and signs both the challenge and the key that counter
 *   derives, so a client must try about `counter` derivations of CHALLENGE_COST iterations
 *   each, while checking an answer costs the server two HMACs and no derivation.
 * - Both HMAC keys come from the API client's secret by HKDF-SHA256 with info
 *   "altcha-hmac" (no new deploy-time secret); rotating that secret voids open challenges.
 * - A challenge expires CHALLENGE_TTL_SECONDS after it is issued, and is accepted once:
 *   its signature is recorded with a conditional write in the rate-limit table (TTL =
 *   the challenge's expiry), so a second use of the same solution is refused, atomically,
 *   across every API instance. The write is an UpdateItem that creates the item (what a
 *   conditional PutItem would do), because UpdateItem is the one action the API's role
 *   has on that table.
 */
import { hkdfSync } from "node:crypto";
import { ConditionalCheckFailedException, UpdateItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createChallenge, randomInt, verifySolution, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
// zod/mini, as api/schemas.ts: the API then loads one light zod, not classic zod beside it.
import * as z from "zod/mini";
import { ApiError } from "./api-error";
import { dependencyFailure } from "./dependency-calls";

export const CHALLENGE_ALGORITHM = "PBKDF2/SHA-256";
/** PBKDF2 iterations per attempt: large enough that per-call overhead in a browser is small next to the work. */
export const CHALLENGE_COST = 1000;
/** The secret counter's range: the expected number of attempts (docs/api.md gives the measured solve times). */
export const COUNTER_RANGE = { min: 2000, max: 5000 } as const;
export const CHALLENGE_TTL_SECONDS = 600;
/** A widget payload is about 700 characters; anything far larger is not one. */
export const MAX_PAYLOAD_LENGTH = 4096;
export const CAPTCHA_FAILED = "CAPTCHA verification failed";

export interface CaptchaKeys {
  /** Signs the challenge parameters. */
  challengeKey: string;
  /** Signs the key the secret counter derives (deterministic mode). */
  solutionKey: string;
}

/** The two HMAC keys, from the API client's secret (HKDF-SHA256, info "altcha-hmac"). */
export function captchaKeys(clientSecret: string): CaptchaKeys {
  const bytes = Buffer.from(hkdfSync("sha256", clientSecret, Buffer.alloc(0), "altcha-hmac", 64));
  return { challengeKey: bytes.subarray(0, 32).toString("hex"), solutionKey: bytes.subarray(32).toString("hex") };
}

const text = (maximum: number) => z.string().check(z.maxLength(maximum));
/** What the widget posts: base64 of JSON `{challenge: {parameters, signature}, solution: {counter, derivedKey}}`. */
const Payload = z.object({
  challenge: z.object({
    parameters: z.looseObject({
      algorithm: text(32),
      nonce: text(128),
      salt: text(128),
      cost: z.number(),
      keyLength: z.number(),
      keyPrefix: text(256),
      keySignature: z.optional(text(256)),
      expiresAt: z.optional(z.number()),
    }),
    signature: text(256),
  }),
  solution: z.object({ counter: z.number(), derivedKey: text(256), time: z.optional(z.number()) }),
});

export class Captcha {
  private readonly keys: CaptchaKeys;

  constructor(
    clientSecret: string,
    private readonly dynamo: DynamoDBClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = captchaKeys(clientSecret);
  }

  /** A new signed challenge, in the JSON shape the ALTCHA widget fetches. */
  challenge(): Promise<Challenge> {
    return createChallenge({
      algorithm: CHALLENGE_ALGORITHM,
      cost: CHALLENGE_COST,
      counter: randomInt(COUNTER_RANGE.max, COUNTER_RANGE.min),
      deriveKey,
      expiresAt: Math.floor(this.now() / 1000) + CHALLENGE_TTL_SECONDS,
      hmacSignatureSecret: this.keys.challengeKey,
      hmacKeySignatureSecret: this.keys.solutionKey,
    });
  }

  /**
   * Accepts a widget payload once, or throws 400 CAPTCHA_FAILED (missing, malformed,
   * forged, expired, wrong or already used); 503 when the replay record cannot be written.
   */
  async verifyOnce(payload: string | undefined): Promise<void> {
    const parsed = parsePayload(payload);
    if (!parsed) throw new ApiError(400, CAPTCHA_FAILED);
    // Only our own challenges carry a key signature; without one the library would re-derive the key.
    if (!parsed.challenge.parameters.keySignature) throw new ApiError(400, CAPTCHA_FAILED);
    // Expiry, then the challenge's signature, then the solution against the signed key: all HMACs, no derivation.
    let verified = false;
    try {
      const result = await verifySolution({
        challenge: parsed.challenge,
        solution: parsed.solution,
        deriveKey,
        hmacSignatureSecret: this.keys.challengeKey,
        hmacKeySignatureSecret: this.keys.solutionKey,
      });
      verified = result.verified;
    } catch {
      verified = false; // a value the library cannot even read is a failed answer, not a 500
    }
    if (!verified) throw new ApiError(400, CAPTCHA_FAILED);
    await this.recordUse(parsed.challenge.signature, parsed.challenge.parameters.expiresAt);
  }

  /** One conditional write per challenge: the second writer of the same signature loses. */
  private async recordUse(signature: string, expiresAt: number | undefined): Promise<void> {
    const ttl = expiresAt ?? Math.floor(this.now() / 1000) + CHALLENGE_TTL_SECONDS;
    try {
      await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: `altcha#${signature}` } },
          UpdateExpression: "SET expiresAt = :expires",
          ConditionExpression: "attribute_not_exists(pk)",
          ExpressionAttributeValues: { ":expires": { N: String(ttl + 60) } },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error)?.name === "ConditionalCheckFailedException") {
        throw new ApiError(400, CAPTCHA_FAILED);
      }
      throw dependencyFailure(error) ?? error;
    }
  }
}

function parsePayload(payload: string | undefined): z.infer<typeof Payload> | undefined {
  if (typeof payload !== "string" || payload.length === 0 || payload.length > MAX_PAYLOAD_LENGTH) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) return undefined;
  try {
    const parsed = Payload.safeParse(JSON.parse(Buffer.from(payload, "base64").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
