/** The API as a plain Node server (the local stack); the caller's IP is the socket's, never a header. */
import { serve, type ServerType } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, Hono } from "hono";

export const socketIp = (c: Context): string => getConnInfo(c).remote.address ?? "unknown";

export function startApiServer({ app, port, hostname = "127.0.0.1" }: { app: Hono; port: number; hostname?: string }): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info) => resolve({ server, port: info.port }));
  });
}
