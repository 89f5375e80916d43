/** GET /captcha: a signed ALTCHA challenge for POST /register (api/captcha.ts). */
import { Hono } from "hono";
import type { RouteDeps } from "../deps";

export function captchaRoutes(deps: RouteDeps): Hono {
  const app = new Hono();
  // Served whether or not registration requires it, so a client can solve ahead of a setting change.
  app.get("/captcha", async (c) => c.json(await deps.captcha.challenge()));
  return app;
}
