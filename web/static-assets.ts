/**
 * Serves /assets/<name>, the files asset-files.json lists: the embedded contents in the
 * Lambda bundle, the files on disk from source. URLs carry a content hash (`?v=`), so the files can be cached for a year
 * while a new deploy is picked up at once.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "hono";
import ASSET_FILES from "./asset-files.json";
import { EMBEDDED_ASSETS } from "./embedded-assets";

interface Asset {
  body: string;
  type: string;
  version: string;
}

const root = join(__dirname, "..");
let loaded: Map<string, Asset> | undefined;

function assets(): Map<string, Asset> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const [name, file] of Object.entries(ASSET_FILES)) {
    const body = EMBEDDED_ASSETS?.[name] ?? readFileSync(join(root, file.path), "utf8");
    loaded.set(name, { body, type: file.type, version: createHash("sha256").update(body).digest("hex").slice(0, 12) });
  }
  return loaded;
}

/** The URL of an asset under the stage's base path, with its content hash. */
export function assetUrl(base: string, name: keyof typeof ASSET_FILES): string {
  const asset = assets().get(name);
  if (!asset) throw new Error(`no asset ${name}`);
  return `${base}/assets/${name}?v=${asset.version}`;
}

export function serveAsset(c: Context): Response {
  const asset = assets().get(c.req.param("name") ?? "");
  if (!asset) return c.text("Not found", 404);
  // Cached for a year only at the URL naming this content's hash; any other URL (none, or a
  // stale hash) must not pin this content under it.
  c.header("Cache-Control", c.req.query("v") === asset.version ? "public, max-age=31536000, immutable" : "no-cache");
  c.header("X-Content-Type-Options", "nosniff");
  return c.body(asset.body, 200, { "Content-Type": asset.type });
}

/** Every asset's size in bytes, for the page-weight test. */
export const assetBody = (name: string): string | undefined => assets().get(name)?.body;
