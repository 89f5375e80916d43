/**
 * The AWS JSON client of the API's Lambda bundle (api/aws-json/), against real local HTTP servers:
 * what it sends (signature, target, content type), how it reads the services' answers and errors,
 * and how timeouts, aborts, retries and malformed answers end (the names and faults
 * dependency-calls.ts turns into 503), the SDK's retry strategy and clock skew correction.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { spawn } from "node:child_process";
import { connect, type AddressInfo, type Socket } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";
import * as SdkCognito from "@aws-sdk/client-cognito-identity-provider";
import * as SdkDynamo from "@aws-sdk/client-dynamodb";
import { AdminGetUserCommand, CognitoIdentityProviderClient, SignUpCommand } from "../../api/aws-json/cognito-identity-provider";
import { ConditionalCheckFailedException, DynamoDBClient, DynamoDBServiceException, UpdateItemCommand } from "../../api/aws-json/dynamodb";
import { defaultEndpoint, MAX_RESPONSE_BYTES, RETRY, retryAfterHint, retryPause, USER_AGENT } from "../../api/aws-json/client";
import { LOGIN_ERRORS, mapCognitoError } from "../../api/cognito-errors";
import { dependencyFailure } from "../../api/dependency-calls";

/** A child that listens with a backlog of 1, prints its port, then blocks its event loop (never accepts). */
const BLOCKED_LISTENER = `const s = require("net").createServer(); s.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => { process.stdout.write(String(s.address().port) + "\\n"); setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0), 50); });`;
const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "session-token-example" };
const SECRET_PASSWORD = "Tangerine-Orbit-Velvet-73";

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  rawHeaders: string[];
  body: string;
}

interface TestServer {
  url: string;
  received: Received[];
  /** Resolves when the n-th request (1-based) has arrived whole. */
  arrived(n: number): Promise<void>;
  /** Resolves when a connection the server holds has been closed by the client. */
  closedByClient(): Promise<void>;
  close(): Promise<void>;
}

/** An HTTP server that answers each request with `answer` (called with the request's number, from 1); `undefined` = never answers. */
async function testServer(answer: (n: number, req: Received, res: ServerResponse) => void | undefined): Promise<TestServer> {
  const received: Received[] = [];
  const waiting: Array<{ n: number; resolve: () => void }> = [];
  const closedWaiters: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry = { method: req.method!, url: req.url!, headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString("utf8") };
      received.push(entry);
      for (const w of waiting.filter((w) => w.n <= received.length)) w.resolve();
      answer(received.length, entry, res);
    });
    res.on("close", () => {
      if (!res.writableEnded) closedWaiters.splice(0).forEach((r) => r());
    });
  });
  server.on("connection", (s: Socket) => (sockets.add(s), s.on("close", () => sockets.delete(s))));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    arrived: (n) => (received.length >= n ? Promise.resolve() : new Promise((resolve) => waiting.push({ n, resolve }))),
    closedByClient: () => new Promise((resolve) => closedWaiters.push(resolve)),
    close: () => new Promise((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};

let server: TestServer | undefined;
const clients: Array<{ destroy(): void }> = [];
afterEach(async () => {
  jest.restoreAllMocks();
  clients.splice(0).forEach((c) => c.destroy());
  await server?.close();
  server = undefined;
});

function cognito(url: string, options: { maxAttempts?: number; requestTimeout?: number; credentials?: typeof CREDENTIALS | null } = {}) {
  const client = new CognitoIdentityProviderClient({
    region: "eu-west-1",
    endpoint: url,
    ...(options.credentials === null ? {} : { credentials: options.credentials ?? CREDENTIALS }),
    maxAttempts: options.maxAttempts ?? 2,
    requestHandler: { connectionTimeout: 1000, requestTimeout: options.requestTimeout ?? 3000, throwOnRequestTimeout: true },
  });
  clients.push(client);
  return client;
}

function dynamo(url: string) {
  const client = new DynamoDBClient({ region: "eu-west-1", endpoint: url, credentials: CREDENTIALS, maxAttempts: 2 });
  clients.push(client);
  return client;
}

/** SHA-256 and HMAC for the SDK's own signer, from node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret ? createHmac("sha256", Buffer.from(secret as Uint8Array)) : createHash("sha256");
  }
  update(data: string | Uint8Array) {
    this.hash.update(typeof data === "string" ? data : Buffer.from(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, and it succeeded");
}

describe("what the client sends", () => {
  test("a signed call: SigV4 headers (checked against the SDK's own signer), target, content type, the input as JSON", async () => {
    server = await testServer((_n, _req, res) => json(res, 200, { Username: "u-1", UserAttributes: [], UserCreateDate: 1700000000.5, Enabled: true }));
    const input = { UserPoolId: "eu-west-1_abc", Username: "amina@example.org" };
    const output = await cognito(server.url).send(new AdminGetUserCommand(input));

    expect(output.Username).toBe("u-1");
    // The SDK's epoch seconds -> Date for AdminGetUser's timestamps.
    expect(output.UserCreateDate).toEqual(new Date(1700000000500));
    expect(output.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1 });

    const [req] = server.received;
    expect(req!.method).toBe("POST");
    expect(req!.url).toBe("/");
    expect(JSON.parse(req!.body)).toEqual(input);
    expect(req!.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(req!.headers["x-amz-target"]).toBe("AWSCognitoIdentityProviderService.AdminGetUser");
    expect(req!.headers["x-amz-security-token"]).toBe(CREDENTIALS.sessionToken);
    const amzDate = req!.headers["x-amz-date"] as string;
    expect(amzDate).toMatch(/^\d{8}T\d{6}Z$/);
    const authorization = req!.headers.authorization as string;
    const match = /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/(\d{8})\/eu-west-1\/cognito-idp\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(authorization);
    expect(match).not.toBeNull();
    const signedHeaders = match![2]!.split(";");
    expect(signedHeaders).toEqual(expect.arrayContaining(["host", "x-amz-date", "x-amz-security-token", "x-amz-target", "content-type"]));

    // The SDK's signer, given the same request, date and credentials, must compute the same signature.
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) headers[name] = req!.headers[name] as string;
    const signer = new SignatureV4({ credentials: CREDENTIALS, region: "eu-west-1", service: "cognito-idp", sha256: Sha256 as never, applyChecksum: false });
    const isoDate = `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`;
    const signed = await signer.sign(
      { method: "POST", protocol: "http:", hostname: "127.0.0.1", path: "/", headers, body: req!.body, query: {} } as never,
      { signingDate: new Date(isoDate) },
    );
    expect((signed as unknown as { headers: Record<string, string> }).headers.authorization).toBe(authorization);
  });

  test("credentials come from the environment (Lambda's variables) at the call; without them a signed call fails there, not at load", async () => {
    server = await testServer((_n, _req, res) => json(res, 200, {}));
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, token: process.env.AWS_SESSION_TOKEN };
    try {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      delete process.env.AWS_SESSION_TOKEN;
      const client = cognito(server.url, { credentials: null }); // constructing needs no credentials
      const error = await rejection(client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
      expect(error.name).toBe("CredentialsProviderError");
      expect(error.message).toMatch(/AWS_ACCESS_KEY_ID/);
      expect(server.received).toHaveLength(0);

      process.env.AWS_ACCESS_KEY_ID = "ASIAENVEXAMPLE";
      process.env.AWS_SECRET_ACCESS_KEY = "env-secret";
      process.env.AWS_SESSION_TOKEN = "env-session-token";
      await client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }));
      expect(server.received[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAENVEXAMPLE\//);
      expect(server.received[0]!.headers["x-amz-security-token"]).toBe("env-session-token");
    } finally {
      for (const [name, value] of [["AWS_ACCESS_KEY_ID", saved.id], ["AWS_SECRET_ACCESS_KEY", saved.secret], ["AWS_SESSION_TOKEN", saved.token]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test("operations AWS serves unsigned (SignUp) go without a signature, and need no credentials", async () => {
    server = await testServer((_n, _req, res) => json(res, 200, { UserConfirmed: false, UserSub: "sub-1" }));
    const output = await cognito(server.url, { credentials: null }).send(new SignUpCommand({ ClientId: "c", Username: "amina@example.org", Password: SECRET_PASSWORD }));
    expect(output).toMatchObject({ UserConfirmed: false, UserSub: "sub-1" });
    expect(server.received[0]!.headers.authorization).toBeUndefined();
    expect(server.received[0]!.headers["x-amz-target"]).toBe("AWSCognitoIdentityProviderService.SignUp");
  });

  test("every request carries a User-Agent, signed or not, outside the signature (the pool's WAF blocks requests without one)", async () => {
    server = await testServer((_n, _req, res) => json(res, 200, { UserSub: "s", UserConfirmed: false, Username: "u" }));
    const client = cognito(server.url);
    await client.send(new SignUpCommand({ ClientId: "c", Username: "amina@example.org", Password: SECRET_PASSWORD }));
    await client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }));
    expect(server.received.map((r) => r.headers["user-agent"])).toEqual([USER_AGENT, USER_AGENT]);
    expect(USER_AGENT).toBe(`igad-auth-api aws-json node/${process.versions.node}`);
    // aws4 leaves it unsigned, as the SDK's signer does: a proxy that rewrites it breaks no signature.
    expect(server.received[1]!.headers.authorization).toMatch(/SignedHeaders=(?![^,]*user-agent)[a-z0-9;-]+,/);
  });

  test("DynamoDB: JSON 1.0, its target, AttributeValue maps as they are", async () => {
    server = await testServer((_n, _req, res) => json(res, 200, { Attributes: { count: { N: "3" } } }));
    const input = { TableName: "t", Key: { pk: { S: "k" } }, UpdateExpression: "ADD #c :one", ExpressionAttributeNames: { "#c": "count" }, ExpressionAttributeValues: { ":one": { N: "1" } }, ReturnValues: "UPDATED_NEW" as const };
    const output = await dynamo(server.url).send(new UpdateItemCommand(input));
    expect(output.Attributes).toEqual({ count: { N: "3" } });
    const [req] = server.received;
    expect(req!.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(req!.headers["x-amz-target"]).toBe("DynamoDB_20120810.UpdateItem");
    expect(req!.headers.authorization).toMatch(/\/eu-west-1\/dynamodb\/aws4_request, /);
    expect(JSON.parse(req!.body)).toEqual(input);
  });
});

describe("the services' errors, in each encoding", () => {
  const cases: Array<[string, Record<string, string>, unknown]> = [
    ["__type with a namespace, lower-case message", {}, { __type: "com.amazonaws.cognito.identity.idp.model#NotAuthorizedException", message: "Incorrect username or password." }],
    ["x-amzn-errortype header with a URL, capitalised Message", { "x-amzn-errortype": "NotAuthorizedException:http://internal.amazon.com/coral/com.amazonaws.cognito/" }, { Message: "Incorrect username or password." }],
    ["the body's code", {}, { code: "NotAuthorizedException", message: "Incorrect username or password." }],
    // The SDK's order for awsJson (loadJsonRpcErrorCode): __type, then code (any case), then the header.
    ["__type over a disagreeing x-amzn-errortype header", { "x-amzn-errortype": "ForbiddenException:" }, { __type: "NotAuthorizedException", message: "Incorrect username or password." }],
    ["__type over a disagreeing code", {}, { code: "LimitExceededException", __type: "NotAuthorizedException", message: "Incorrect username or password." }],
    ["the body's Code, capitalised", {}, { Code: "NotAuthorizedException", Message: "Incorrect username or password." }],
    ["code over a disagreeing x-amzn-errortype header", { "x-amzn-errortype": "ForbiddenException:" }, { code: "NotAuthorizedException", message: "Incorrect username or password." }],
  ];
  test.each(cases)("%s: name, message, $fault, status; the API maps it as before", async (_label, headers, body) => {
    server = await testServer((_n, _req, res) => json(res, 400, body, headers));
    const error = await rejection(cognito(server.url).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("NotAuthorizedException");
    expect(error.message).toBe("Incorrect username or password.");
    expect(error.$fault).toBe("client");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(server.received).toHaveLength(1); // a client error is not retried
    expect(dependencyFailure(error)).toBeUndefined();
    expect(mapCognitoError(error, LOGIN_ERRORS)).toMatchObject({ status: 401, detail: "Invalid credentials" });
  });

  test("an error with no name or message gets the SDK's: Unknown, UnknownError (a 5xx still the server's fault)", async () => {
    server = await testServer((n, _req, res) => (n === 1 ? json(res, 400, "") : json(res, 503, "")));
    const client = cognito(server.url, { maxAttempts: 1 });
    const clientError = await rejection(client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect({ name: clientError.name, message: clientError.message, $fault: clientError.$fault }).toEqual({ name: "Unknown", message: "UnknownError", $fault: "client" });
    const serverError = await rejection(client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect({ name: serverError.name, message: serverError.message, $fault: serverError.$fault }).toEqual({ name: "Unknown", message: "UnknownError", $fault: "server" });
    expect(dependencyFailure(serverError)?.status).toBe(503);
  });

  test("DynamoDB's ConditionalCheckFailedException is an instance of its class (the rate limiter checks that), with the body's other members", async () => {
    server = await testServer((_n, _req, res) =>
      json(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "The conditional request failed", Item: { pk: { S: "k" } } }),
    );
    const error = await rejection(dynamo(server.url).send(new UpdateItemCommand({ TableName: "t", Key: { pk: { S: "k" } } })));
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error).toBeInstanceOf(DynamoDBServiceException);
    expect(error.name).toBe("ConditionalCheckFailedException");
    expect(error.message).toBe("The conditional request failed");
    expect(error.Item).toEqual({ pk: { S: "k" } });
    expect(error.$fault).toBe("client");
  });

  test("a 5xx is the server's fault: retried once (maxAttempts 2), then the API's 503", async () => {
    server = await testServer((_n, _req, res) => json(res, 500, { __type: "InternalErrorException", message: "boom" }));
    const error = await rejection(cognito(server.url).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect(error.name).toBe("InternalErrorException");
    expect(error.$fault).toBe("server");
    expect(error.$metadata).toMatchObject({ httpStatusCode: 500, attempts: 2 });
    expect(server.received).toHaveLength(2);
    expect(dependencyFailure(error)?.status).toBe(503);
  });

  test("500 then 200: one retry, and the answer", async () => {
    server = await testServer((n, _req, res) => (n === 1 ? json(res, 500, { __type: "InternalErrorException", message: "once" }) : json(res, 200, { Username: "u-2" })));
    const output = await cognito(server.url).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }));
    expect(output.Username).toBe("u-2");
    expect(output.$metadata.attempts).toBe(2);
    expect(server.received).toHaveLength(2);
  });

  test("throttling (429 TooManyRequestsException) is retried, never past maxAttempts", async () => {
    jest.spyOn(Math, "random").mockReturnValue(0); // no pause: the pauses have their own tests
    server = await testServer((_n, _req, res) => json(res, 429, { __type: "TooManyRequestsException", message: "Rate exceeded" }));
    const error = await rejection(cognito(server.url, { maxAttempts: 3 }).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect(error.name).toBe("TooManyRequestsException");
    expect(server.received).toHaveLength(3);
    expect(dependencyFailure(error)?.status).toBe(503);
  });

  test("an answer that is not JSON is the service's fault (503), and its text is not repeated in the error", async () => {
    server = await testServer((_n, _req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>captive portal SECRET-PAGE</html>");
    });
    const error = await rejection(cognito(server.url).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect(error.$fault).toBe("server");
    expect(error.$metadata.httpStatusCode).toBe(200);
    expect(error.message).not.toMatch(/SECRET-PAGE/);
    expect(dependencyFailure(error)?.status).toBe(503);
  });

  test("an answer over 1 MiB is cut off and is the service's fault (503)", async () => {
    server = await testServer((_n, _req, res) => json(res, 200, { Username: "x".repeat(MAX_RESPONSE_BYTES + 10) }));
    const error = await rejection(cognito(server.url, { maxAttempts: 1 }).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect(error.name).toBe("ResponseTooLarge");
    expect(error.$fault).toBe("server");
    expect(dependencyFailure(error)?.status).toBe(503);
  });

  test("no request body, password or credential in the error", async () => {
    server = await testServer((_n, _req, res) => json(res, 400, { __type: "InvalidPasswordException", message: "Password did not conform with policy" }));
    const error = await rejection(cognito(server.url).send(new SignUpCommand({ ClientId: "c", Username: "amina@example.org", Password: SECRET_PASSWORD, SecretHash: "hash-value" })));
    const text = `${error.message} ${error.stack} ${JSON.stringify(error)}`;
    for (const secret of [SECRET_PASSWORD, "hash-value", CREDENTIALS.secretAccessKey, CREDENTIALS.sessionToken]) expect(text).not.toContain(secret);
  });
});

describe("timeouts, aborts and dead endpoints", () => {
  test("a server that never answers: TimeoutError after requestTimeout, retried once, then the API's 503", async () => {
    server = await testServer(() => undefined);
    const error = await rejection(cognito(server.url, { requestTimeout: 200 }).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect(error.name).toBe("TimeoutError");
    expect(error.$metadata.attempts).toBe(2);
    expect(server.received).toHaveLength(2);
    expect(dependencyFailure(error)?.status).toBe(503);
  });

  test("a connection that never completes: TimeoutError after connectionTimeout, then the API's 503", async () => {
    // A listener whose process never accepts (its event loop blocked) and whose backlog is full:
    // the kernel drops further SYNs, so a connect hangs, as to a host that drops packets.
    const child = spawn(process.execPath, ["-e", BLOCKED_LISTENER], { stdio: ["ignore", "pipe", "ignore"] });
    const fillers: Socket[] = [];
    try {
      const port = Number(await new Promise<string>((resolve) => child.stdout!.once("data", (d: Buffer) => resolve(String(d).trim()))));
      await new Promise((r) => setTimeout(r, 200)); // the child blocks its loop 50 ms after listening
      let stuck = false;
      for (let i = 0; i < 8 && !stuck; i++) {
        const socket = connect(port, "127.0.0.1");
        socket.on("error", () => undefined);
        fillers.push(socket);
        stuck = await new Promise<boolean>((resolve) => {
          socket.once("connect", () => resolve(false));
          setTimeout(() => resolve(socket.connecting), 300);
        });
      }
      expect(stuck).toBe(true); // the precondition: connects to this port now hang
      const client = new CognitoIdentityProviderClient({ region: "eu-west-1", endpoint: `http://127.0.0.1:${port}`, credentials: CREDENTIALS, maxAttempts: 2, requestHandler: { connectionTimeout: 300, requestTimeout: 3000 } });
      clients.push(client);
      const error = await rejection(client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
      expect(error.name).toBe("TimeoutError");
      expect(error.message).toMatch(/no connection within 300 ms/);
      expect(error.$metadata.attempts).toBe(2);
      expect(dependencyFailure(error)?.status).toBe(503);
    } finally {
      fillers.forEach((s) => s.destroy());
      child.kill("SIGKILL");
    }
  });

  test("aborted before the call: AbortError, nothing sent", async () => {
    server = await testServer((_n, _req, res) => json(res, 200, {}));
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(cognito(server.url).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }), { abortSignal: controller.signal }));
    expect(error.name).toBe("AbortError");
    expect(server.received).toHaveLength(0);
    expect(dependencyFailure(error)?.status).toBe(503);
  });

  test("aborted during the call: AbortError at once, the socket ended, no retry", async () => {
    server = await testServer(() => undefined);
    const controller = new AbortController();
    const call = rejection(cognito(server.url).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }), { abortSignal: controller.signal }));
    await server.arrived(1);
    const closed = server.closedByClient();
    controller.abort();
    const error = await call;
    expect(error.name).toBe("AbortError");
    await closed; // the server saw its connection end
    expect(server.received).toHaveLength(1);
    expect(dependencyFailure(error)?.status).toBe(503);
  });

  test("an abort during the pause before a retry ends the call there", async () => {
    const controller = new AbortController();
    server = await testServer((_n, _req, res) => {
      json(res, 503, { __type: "ServiceUnavailable", message: "busy" });
      controller.abort();
    });
    const error = await rejection(cognito(server.url, { maxAttempts: 5 }).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }), { abortSignal: controller.signal }));
    expect(["AbortError", "ServiceUnavailable"]).toContain(error.name);
    expect(server.received).toHaveLength(1);
  });

  test("a port where nothing listens: ECONNREFUSED, retried, then the API's 503", async () => {
    const dead = await testServer(() => undefined);
    const url = dead.url;
    await dead.close();
    const error = await rejection(cognito(url).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.$metadata.attempts).toBe(2);
    expect(dependencyFailure(error)?.status).toBe(503);
  });
});

/** A service whose clock is `skewMs` ahead of ours: it refuses a signature dated more than 5 minutes off its time, as AWS does, with its time in the Date header. */
function skewedService(skewMs: number, refusal: { name: string; message: string } = { name: "InvalidSignatureException", message: "Signature expired: ... is now earlier than ..." }) {
  return testServer((_n, req, res) => {
    const serverNow = Date.now() + skewMs;
    const date = { date: new Date(serverNow).toUTCString() };
    if (!req.headers.authorization) return json(res, 200, { UserSub: "s", UserConfirmed: false }, date);
    if (Math.abs(serverNow - amzDateMs(req)) > 5 * 60_000) return json(res, 400, { __type: refusal.name, message: refusal.message }, date);
    json(res, 200, { Username: "u" }, date);
  });
}
const amzDateMs = (req: Received) => {
  const d = String(req.headers["x-amz-date"]);
  return Date.parse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`);
};

describe("clock skew, corrected as the SDK corrects it", () => {
  const SKEW_MS = 15 * 60_000;

  test("a clock 15 minutes behind: the error's Date sets the client's offset, the call is retried dated anew, and later calls are dated right at once", async () => {
    server = await skewedService(SKEW_MS);
    const client = cognito(server.url);
    const first = await client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }));
    expect(first).toMatchObject({ Username: "u", $metadata: { attempts: 2 } });
    const second = await client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }));
    expect(second.$metadata.attempts).toBe(1);
    // Dated by the service's clock (within the Date header's second), and still a valid signature of that date.
    const dated = server.received.map((r) => amzDateMs(r) - Date.now());
    expect(dated[0]).toBeLessThan(60_000);
    expect(dated[2]).toBeGreaterThan(SKEW_MS - 60_000);
  });

  test("a clock ahead, refused under another name: a skew of 4 minutes or more is retried whatever the error's name, as the SDK's clockSkewCorrected", async () => {
    server = await skewedService(-10 * 60_000, { name: "InvalidSignatureException", message: "Signature not yet current: ... is still later than ..." });
    const output = await cognito(server.url).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }));
    expect(output.$metadata.attempts).toBe(2);
  });

  test("each client keeps its own offset, and a smaller difference (under 4 minutes) is no reason to retry", async () => {
    server = await testServer((_n, _req, res) => json(res, 400, { __type: "SignatureDoesNotMatch", message: "m" }, { date: new Date(Date.now() + 3 * 60_000).toUTCString() }));
    const error = await rejection(cognito(server.url).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect(error.$metadata).toMatchObject({ attempts: 1 });
    expect(error.$metadata.clockSkewCorrected).toBeUndefined();
    server = (await server.close(), await skewedService(SKEW_MS));
    const corrected = cognito(server.url);
    await corrected.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }));
    const other = cognito(server.url);
    expect((await other.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }))).$metadata.attempts).toBe(2);
  });

  test("answers to unsigned calls and a cache's answers (an Age header) leave the offset alone, as the SDK's do", async () => {
    const skewedDate = () => new Date(Date.now() + SKEW_MS).toUTCString();
    server = await testServer((n, _req, res) => (n === 1 ? json(res, 400, { __type: "NotAuthorizedException", message: "m" }, { date: skewedDate() }) : json(res, 200, { Username: "u" }, { date: skewedDate(), age: "3" })));
    const client = cognito(server.url);
    await rejection(client.send(new SignUpCommand({ ClientId: "c", Username: "amina@example.org", Password: SECRET_PASSWORD })));
    await client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }));
    await client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }));
    expect(server.received.slice(1).map((r) => Math.abs(amzDateMs(r) - Date.now()) < 60_000)).toEqual([true, true]);
  });
});

describe("retries, as the SDK's standard strategy makes them", () => {
  /** A server whose answer to each request is the mode of the moment. */
  async function switchable() {
    const state = { mode: "500" as "500" | "503-once" | "ok" | "throttle" };
    let failedLast = false;
    server = await testServer((_n, _req, res) => {
      if (state.mode === "ok" || (state.mode === "503-once" && failedLast)) return (failedLast = false), json(res, 200, { Username: "u" });
      failedLast = true;
      if (state.mode === "throttle") return json(res, 400, { __type: "TooManyRequestsException", message: "Rate exceeded" });
      json(res, state.mode === "500" ? 500 : 503, { __type: "InternalErrorException", message: "down" });
    });
    return state;
  }
  const attemptsOf = (client: CognitoIdentityProviderClient): Promise<number | undefined> =>
    client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })).then(
      (output) => output.$metadata.attempts,
      (error) => error.$metadata.attempts,
    );
  async function attemptsOfCalls(client: CognitoIdentityProviderClient, calls: number): Promise<Array<number | undefined>> {
    const attempts: Array<number | undefined> = [];
    for (let i = 0; i < calls; i++) attempts.push(await attemptsOf(client));
    return attempts;
  }

  test("a client's retry budget: 500 tokens, 14 a retry after a transient error; spent, a dead dependency is asked once a call until answers refill it", async () => {
    jest.spyOn(Math, "random").mockReturnValue(0);
    const state = await switchable();
    const client = cognito(server!.url);
    expect(await attemptsOfCalls(client, 36)).toEqual([...Array(35).fill(2), 1]); // 35 x 14 = 490: 10 left
    expect(server!.received).toHaveLength(71);
    state.mode = "ok";
    expect(await attemptsOfCalls(client, 4)).toEqual([1, 1, 1, 1]); // one token back each: 14
    state.mode = "500";
    expect(await attemptsOfCalls(client, 2)).toEqual([2, 1]);
    // Throttling costs 5: the same budget (0 now) refills by successes alike.
    state.mode = "ok";
    await attemptsOfCalls(client, 5);
    state.mode = "throttle";
    expect(await attemptsOfCalls(client, 2)).toEqual([2, 1]);
    expect(RETRY).toMatchObject({ tokens: 500, cost: 14, throttlingCost: 5, noRetryIncrement: 1 });
  });

  test("a call answered after a retry gives that retry's cost back; a call that fails costs only its retries", async () => {
    jest.spyOn(Math, "random").mockReturnValue(0);
    const state = await switchable();
    state.mode = "503-once";
    const client = cognito(server!.url);
    expect(await attemptsOfCalls(client, 40)).toEqual(Array(40).fill(2)); // each -14 then +14
    state.mode = "500";
    expect(await attemptsOfCalls(client, 36)).toEqual([...Array(35).fill(2), 1]); // the whole budget still there
  });

  test("the pause before a retry: random() x base x 2^n, the base 1 s after throttling and 50 ms after other errors (computed delays, pinned random)", async () => {
    jest.spyOn(Math, "random").mockReturnValue(0.1);
    const state = await switchable();
    const client = cognito(server!.url, { maxAttempts: 3 });
    state.mode = "throttle";
    const throttled = await rejection(client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect(throttled.name).toBe("TooManyRequestsException");
    expect(throttled.$metadata).toMatchObject({ attempts: 3, totalRetryDelay: 100 + 200 });
    state.mode = "500";
    const failed = await rejection(client.send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect(failed.$metadata).toMatchObject({ attempts: 3, totalRetryDelay: 5 + 10 });
  });

  test("Retry-After and x-amz-retry-after lengthen the pause to what they ask, by at most 5 s over the computed one; the caller's signal still ends it", async () => {
    jest.spyOn(Math, "random").mockReturnValue(0);
    const now = Date.now();
    jest.spyOn(Date, "now").mockReturnValue(now);
    server = await testServer((n, _req, res) => (n === 1 ? json(res, 503, { __type: "ServiceUnavailable", message: "busy" }, { "x-amz-retry-after": "300" }) : json(res, 200, { Username: "u" })));
    const output = await cognito(server.url).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }));
    expect(output.$metadata).toMatchObject({ attempts: 2, totalRetryDelay: 300 });

    // As the SDK reads them: seconds or an HTTP date for retry-after, milliseconds for x-amz-retry-after.
    expect(retryAfterHint({ "retry-after": "2" }, now)).toBe(now + 2000);
    expect(retryAfterHint({ "retry-after": new Date(now + 7000).toUTCString() }, now)).toBe(Math.floor((now + 7000) / 1000) * 1000);
    expect(retryAfterHint({ "x-amz-retry-after": "1500" }, now)).toBe(now + 1500);
    expect(retryAfterHint({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterHint({}, now)).toBeUndefined();
    // The pause with a hint: at least the computed one, at most 5 s over it.
    expect(retryPause("transient", 0, now + 60_000)).toBe(5_000);
    expect(retryPause("transient", 0, now + 1_200)).toBe(1_200);
    jest.spyOn(Math, "random").mockReturnValue(0.5);
    expect(retryPause("throttling", 0, now + 300)).toBe(500);
    expect(retryPause("throttling", 1, now + 60_000)).toBe(1_000 + 5_000);
    expect(retryPause("throttling", 10, undefined)).toBe(RETRY.maxDelay / 2);
    jest.spyOn(Math, "random").mockReturnValue(0);

    // A hint of a minute: the pause would be 5 s; the caller's deadline ends the call first, with no second request.
    await server.close();
    server = await testServer((_n, _req, res) => json(res, 429, { __type: "TooManyRequestsException", message: "Rate exceeded" }, { "retry-after": "60" }));
    const controller = new AbortController();
    const call = rejection(cognito(server.url).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" }), { abortSignal: controller.signal }));
    await server.arrived(1);
    setImmediate(() => controller.abort());
    const error = await call;
    expect(error.name).toBe("AbortError");
    expect(server.received).toHaveLength(1);
    expect(dependencyFailure(error)?.status).toBe(503);
  });

  test.each([
    ["LimitExceededException (a throttling name to the SDK)", 400, "LimitExceededException", 2],
    ["a 501 (a server error the SDK does not retry)", 501, "NotImplemented", 1],
    ["a client error", 400, "InvalidParameterException", 1],
    ["an expired signature, whatever the clock", 400, "InvalidSignatureException", 2],
  ])("%s: attempts as the SDK makes them", async (_label, status, name, attempts) => {
    jest.spyOn(Math, "random").mockReturnValue(0);
    server = await testServer((_n, _req, res) => json(res, status, { __type: name, message: name === "InvalidSignatureException" ? "Signature expired: 20261123T180000Z is now earlier than 20261123T181000Z" : "m" }, { date: new Date().toUTCString() }));
    const error = await rejection(cognito(server.url).send(new AdminGetUserCommand({ UserPoolId: "p", Username: "u" })));
    expect({ name: error.name, attempts: error.$metadata.attempts }).toEqual({ name, attempts });
  });

  test("DynamoDB's ReplicatedWriteConflictException is retried (retryable in the SDK's model)", async () => {
    jest.spyOn(Math, "random").mockReturnValue(0);
    server = await testServer((n, _req, res) => (n === 1 ? json(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#ReplicatedWriteConflictException", message: "conflict" }) : json(res, 200, {})));
    const output = await dynamo(server.url).send(new UpdateItemCommand({ TableName: "t", Key: { pk: { S: "k" } } }));
    expect(output.$metadata.attempts).toBe(2);
  });
});

describe("endpoints", () => {
  const REGIONS = ["us-east-1", "eu-west-1", "af-south-1", "cn-north-1", "us-gov-west-1"];
  test.each([
    ["cognito-idp", SdkCognito.CognitoIdentityProviderClient],
    ["dynamodb", SdkDynamo.DynamoDBClient],
  ] as const)("%s: the endpoint the SDK's own ruleset resolves, per region, with and without AWS_USE_FIPS_ENDPOINT", (signingName, Sdk) => {
    const sdk = new Sdk({ region: "us-east-1", credentials: CREDENTIALS }) as unknown as { config: { endpointProvider(p: object): { url: URL } }; destroy(): void };
    clients.push(sdk);
    for (const region of REGIONS) {
      for (const fips of [false, true]) {
        const expected = sdk.config.endpointProvider({ Region: region, UseFIPS: fips, UseDualStack: false }).url.href.replace(/\/$/, "");
        expect({ region, fips, url: defaultEndpoint(signingName, region, { AWS_USE_FIPS_ENDPOINT: String(fips) }) }).toEqual({ region, fips, url: expected });
      }
    }
  });
});
