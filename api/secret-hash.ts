/** Cognito's SECRET_HASH: Base64(HMAC-SHA256(client secret, username + client id)). Computed here, never sent to a browser. */
import { createHmac } from "node:crypto";

export function secretHash(username: string, clientId: string, clientSecret: string): string {
  return createHmac("sha256", clientSecret).update(username + clientId).digest("base64");
}
