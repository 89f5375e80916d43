/**
 * A REST API deployment is a snapshot: API Gateway serves the routes as they were when
 * it was made. The deployment's `triggers` hold this fingerprint of every route resource,
 * method, integration and authorizer (their type, name and full configuration), so any
 * change to them makes a new deployment on the next `up`.
 */
import { createHash } from "node:crypto";

export interface RoutePart {
  /** The Pulumi type token, e.g. aws:apigateway/method:Method. */
  type: string;
  /** The logical name. */
  name: string;
  /** The resource's arguments, as declared. */
  args: unknown;
}

/** JSON with keys sorted and undefined dropped, so equal configurations hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function deploymentFingerprint(parts: RoutePart[]): string {
  const sorted = [...parts].sort((a, b) => (`${a.type}::${a.name}` < `${b.type}::${b.name}` ? -1 : 1));
  return createHash("sha256").update(canonicalJson(sorted)).digest("hex");
}
