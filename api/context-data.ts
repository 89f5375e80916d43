/**
 * What Cognito's threat protection is told about the person behind each call. Without it,
 * adaptive authentication sees only the function's own address, for everyone. The Admin*
 * operations take ContextData (address, server, path, headers); the public ones take
 * UserContextData, whose IpAddress Cognito accepts because the API's client (it has a secret)
 * sets EnablePropagateAdditionalUserContextData (infra/components/signup-user-pool.ts).
 *
 * Only headers that describe the browser are passed, each cut short: never Authorization,
 * Cookie or Referer (a verification link's URL carries its code).
 */
import { isIP } from "node:net";
import type { Context } from "hono";
import type { ContextDataType, UserContextDataType } from "@aws-sdk/client-cognito-identity-provider";

const PASSED_HEADERS = ["user-agent", "accept-language", "accept"] as const;
const MAX_HEADER_VALUE = 256;

export function contextData(c: Context, clientIp: string): ContextDataType {
  const headers = PASSED_HEADERS.flatMap((name) => {
    const value = c.req.header(name);
    return value ? [{ headerName: name, headerValue: value.slice(0, MAX_HEADER_VALUE) }] : [];
  });
  return {
    IpAddress: isIP(clientIp) ? clientIp : "0.0.0.0",
    ServerName: new URL(c.req.url).hostname.slice(0, 255),
    ServerPath: c.req.path.slice(0, 255),
    HttpHeaders: headers,
  };
}

export function userContextData(clientIp: string): UserContextDataType | undefined {
  return isIP(clientIp) ? { IpAddress: clientIp } : undefined;
}
