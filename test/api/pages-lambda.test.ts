/**
 * The pages on Lambda behind an API Gateway REST stage: links, form actions and assets
 * keep the stage prefix (/prod), cookies are Secure with the __Host- prefix, and a sign-in
 * posted through the handler ends on /prod/account with sealed HttpOnly cookies.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { BASE_ENV, fakeJwt, idToken, STRONG_PASSWORD } from "./support";

const recorded = JSON.parse(readFileSync(join(__dirname, "events/rest-proxy-register.json"), "utf8")) as APIGatewayProxyEvent;
const HOST = recorded.headers.Host!;

function pageEvent(method: string, path: string, headers: Record<string, string> = {}, body: string | null = null): APIGatewayProxyEvent {
  const e = structuredClone(recorded);
  const all = { Host: HOST, "X-Forwarded-Proto": "https", ...headers };
  Object.assign(e, { path, httpMethod: method, body, headers: all, multiValueHeaders: Object.fromEntries(Object.entries(all).map(([k, v]) => [k, [v]])) });
  e.requestContext.path = `/prod${path}`;
  e.requestContext.httpMethod = method;
  return e;
}

const setCookies = (r: APIGatewayProxyResult) => (r.multiValueHeaders?.["set-cookie"] ?? []).map(String);
const location = (r: APIGatewayProxyResult) => r.multiValueHeaders?.location?.[0];

test("behind a REST API stage, pages link under the stage and sign-in sets Secure __Host- cookies", async () => {
  const saved = { ...process.env };
  Object.assign(process.env, BASE_ENV, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
  try {
    await jest.isolateModulesAsync(async () => {
      const { mockClient } = await import("aws-sdk-client-mock");
      const cognitoSdk = await import("@aws-sdk/client-cognito-identity-provider");
      const dynamoSdk = await import("@aws-sdk/client-dynamodb");
      const cognito = mockClient(cognitoSdk.CognitoIdentityProviderClient);
      mockClient(dynamoSdk.DynamoDBClient).on(dynamoSdk.UpdateItemCommand).resolves({ Attributes: { count: { N: "1" } } });
      const access = fakeJwt({ sub: "a1b2c3d4", token_use: "access", exp: Math.floor(Date.now() / 1000) + 3600, iat: Math.floor(Date.now() / 1000) });
      cognito.on(cognitoSdk.AdminInitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: access, IdToken: idToken(), RefreshToken: "refresh-token-opaque", ExpiresIn: 3600 } });
      const { handler } = await import("../../api/lambda");
      const invoke = (e: APIGatewayProxyEvent) => handler(e as never, {} as Context) as Promise<APIGatewayProxyResult>;

      const root = await invoke(pageEvent("GET", "/"));
      expect(root.statusCode).toBe(303);
      expect(location(root)).toBe("/prod/login");

      const form = await invoke(pageEvent("GET", "/login"));
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('action="/prod/login"');
      expect(form.body).toContain('href="/prod/assets/pages.css?v=');
      expect(form.body).toContain('href="/prod/forgot-password"');
      const csrfCookie = setCookies(form).find((c) => c.startsWith("__Host-csrf="))!;
      expect(csrfCookie).toMatch(/; Secure/);
      expect(csrfCookie).toMatch(/; HttpOnly/);
      const token = /name="csrf" value="([^"]+)"/.exec(form.body)![1]!;

      const css = await invoke(pageEvent("GET", "/assets/pages.css"));
      expect(css.statusCode).toBe(200);
      expect(css.body).toContain("--brand");

      const body = new URLSearchParams({ csrf: token, email: "newuser@example.org", password: STRONG_PASSWORD }).toString();
      const cookie = csrfCookie.split(";")[0]!;
      const headers = { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: `https://${HOST}`, "Sec-Fetch-Site": "same-origin" };
      const signedIn = await invoke(pageEvent("POST", "/login", headers, body));
      expect(signedIn.statusCode).toBe(303);
      expect(location(signedIn)).toBe("/prod/account");
      const tokens = setCookies(signedIn).filter((c) => /^__Host-(access|refresh)=/.test(c));
      expect(tokens).toHaveLength(2);
      for (const c of tokens) {
        expect(c).toMatch(/; HttpOnly/);
        expect(c).toMatch(/; Secure/);
        expect(c).toMatch(/; SameSite=Lax/);
        expect(c).not.toContain(access); // sealed, not the token itself
        expect(c).not.toContain("refresh-token-opaque");
      }

      const forged = await invoke(pageEvent("POST", "/login", { ...headers, Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" }, body));
      expect(forged.statusCode).toBe(403);
    });
  } finally {
    process.env = saved;
  }
});
