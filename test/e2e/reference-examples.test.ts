/**
 * The reference's own examples, against the local stack, changed only in the host, the
 * email address (the scraped reference hides it) and a password that passes the policy:
 * - curl: the exact bytes curl 7.88 sends for the documented `curl --request POST --url ...
 *   --header 'Content-Type: application/json' --data '...'` (note the body's leading newline),
 * - Python requests: the exact bytes `requests.post(url, json=...)` and `requests.get(url,
 *   headers=...)` send (json.dumps spacing, keep-alive, gzip accepted),
 * - fetch: the JavaScript examples, as written.
 * Captured from the real clients on this machine; the e2e tests do not need curl or Python.
 */
import { rawRequest } from "./raw-http";
import { RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

let stack: RunningStack;
beforeAll(async () => {
  stack = await startStack(RELAXED_LIMITS);
}, stackTimeout());
afterAll(async () => stack?.stop());

const host = () => new URL(stack.apiUrl).host;

/** `curl --request POST --url <url> --header 'Content-Type: application/json' --data '<data>'` */
function curlPost(path: string, data: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: ${host()}\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(data)}\r\n\r\n${data}`;
}

/** json.dumps with its default separators, as requests sends `json=`. */
function pythonJson(value: Record<string, string>): string {
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")}}`;
}
const PYTHON_HEAD = "User-Agent: python-requests/2.34.2\r\nAccept-Encoding: gzip, deflate\r\nAccept: */*\r\nConnection: keep-alive\r\n";
function requestsPost(path: string, json: Record<string, string>): string {
  const body = pythonJson(json);
  return `POST ${path} HTTP/1.1\r\nHost: ${host()}\r\n${PYTHON_HEAD}Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\n\r\n${body}`;
}
function requestsGet(path: string, headers: Record<string, string>): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${host()}\r\n${PYTHON_HEAD}${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;
}

test("curl: register (the documented request body), verify with the mailbox's code, log in", async () => {
  const email = uniqueEmail("curl");
  const started = Date.now();
  const register = await rawRequest(
    stack.apiUrl,
    curlPost("/api/auth/register", `\n{\n"email": "${email}",\n"password": "${STRONG_PASSWORD}",\n"name": "John Doe",\n"organization": "IGAD ICPAC",\n"country": "Kenya"\n}\n`),
  );
  expect(register.status).toBe(201);
  expect(JSON.parse(register.body)).toMatchObject({ email, email_verified: false, name: "John Doe", verification_required: true });

  const code = await stack.latestCode(email, started);
  const verify = await rawRequest(stack.apiUrl, curlPost("/api/auth/verify-email", `\n{\n"email": "${email}",\n"code": "${code}"\n}\n`));
  expect(verify.status).toBe(200);

  // The login page's shorter form: curl -X POST <url> -H "Content-Type: application/json" -d '{...}'
  const login = await rawRequest(stack.apiUrl, curlPost("/api/auth/login", `{\n"username": "${email}",\n"password": "${STRONG_PASSWORD}"\n}`));
  expect(login.status).toBe(200);
  expect(JSON.parse(login.body)).toMatchObject({ token_type: "bearer", user: { email, name: "John Doe", role: "user", is_admin: false } });
});

test("Python requests: register, verify, log in, then GET /me with the bearer token", async () => {
  const email = uniqueEmail("python");
  const started = Date.now();
  const register = await rawRequest(stack.apiUrl, requestsPost("/api/auth/register", { email, password: STRONG_PASSWORD, name: "John Doe", organization: "IGAD ICPAC", country: "Kenya" }));
  expect(register.status).toBe(201); // the example checks `register_response.status_code == 201`
  const verify = await rawRequest(stack.apiUrl, requestsPost("/api/auth/verify-email", { email, code: await stack.latestCode(email, started) }));
  expect(verify.status).toBe(200);

  const response = await rawRequest(stack.apiUrl, requestsPost("/api/auth/login", { username: email, password: STRONG_PASSWORD }));
  expect(response.status).toBe(200);
  const accessToken = JSON.parse(response.body).access_token as string;
  const userResponse = await rawRequest(stack.apiUrl, requestsGet("/api/auth/me", { Authorization: `Bearer ${accessToken}` }));
  expect(userResponse.status).toBe(200);
  expect(JSON.parse(userResponse.body)).toMatchObject({ email, name: "John Doe", organization: "IGAD ICPAC", country: "Kenya", email_verified: true });
});

test("Python requests: a failed registration has a `detail` to print", async () => {
  const response = await rawRequest(stack.apiUrl, requestsPost("/api/auth/register", { email: uniqueEmail("python"), password: "SecureP@ssw0rd123", name: "John Doe" }));
  expect(response.status).toBe(400);
  expect(JSON.parse(response.body).detail).toMatch(/^Password does not meet requirements: /);
});

test("fetch: the registration and login examples as written", async () => {
  const email = uniqueEmail("fetch");
  const started = Date.now();
  // Step 1: Register
  const registerResponse = await fetch(`${stack.apiUrl}/api/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: STRONG_PASSWORD, name: "John Doe", organization: "IGAD ICPAC", country: "Kenya" }),
  });
  const registerData = (await registerResponse.json()) as { message: string; detail?: string };
  expect(registerResponse.ok).toBe(true);
  expect(registerData.message).toBe("Registration successful. Please check your email for verification code.");
  // Step 2: the code from the email (the mailbox stands in for the inbox)
  const verificationCode = await stack.latestCode(email, started);
  // Step 3: Verify email
  const verifyResponse = await fetch(`${stack.apiUrl}/api/auth/verify-email`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, code: verificationCode }),
  });
  expect(verifyResponse.ok).toBe(true);

  const response = await fetch(`${stack.apiUrl}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: email, password: STRONG_PASSWORD }),
  });
  const data = (await response.json()) as { requires_password_change?: boolean; user: { email: string } };
  expect(response.ok).toBe(true);
  expect(data.requires_password_change ?? false).toBe(false);
  expect(data.user.email).toBe(email);
});
