import type { PostConfirmationTriggerEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import {
  AdminAddUserToGroupCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { boundedCognitoClient, cognito, handler, postConfirmation } from "../../triggers/post-confirmation";
import { GENERIC_ERROR_MESSAGE } from "../../triggers/shared/errors";
import { loadEvent } from "../events/load";

const cognitoMock = mockClient(cognito as CognitoIdentityProviderClient);
const invoke = (event: unknown) => (handler as (e: unknown) => Promise<PostConfirmationTriggerEvent>)(event);

beforeEach(() => {
  cognitoMock.reset();
  cognitoMock.on(AdminAddUserToGroupCommand).resolves({});
  cognitoMock.on(AdminUpdateUserAttributesCommand).resolves({});
});

describe("post confirmation", () => {
  test("a confirmed sign-up joins the user group and gets custom:role=user", async () => {
    const event = loadEvent<PostConfirmationTriggerEvent>("post-confirmation/confirm-sign-up");
    await expect(invoke(event)).resolves.toEqual(event);
    expect(cognitoMock.commandCalls(AdminAddUserToGroupCommand)[0]!.args[0].input).toEqual({
      UserPoolId: "us-east-1_EXAMPLE1",
      Username: "0c0e7d5f-51f3-4b6a-8a4e-6d5f9d1d2e3c",
      GroupName: "user",
    });
    expect(cognitoMock.commandCalls(AdminUpdateUserAttributesCommand)[0]!.args[0].input.UserAttributes).toEqual([
      { Name: "custom:role", Value: "user" },
    ]);
  });

  test("a role an administrator already set is left alone", async () => {
    const event = loadEvent<PostConfirmationTriggerEvent>("post-confirmation/confirm-sign-up");
    event.request.userAttributes["custom:role"] = "reviewer";
    await invoke(event);
    expect(cognitoMock.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(1);
    expect(cognitoMock.commandCalls(AdminUpdateUserAttributesCommand)).toHaveLength(0);
  });

  test("running twice (Cognito retries) makes the same idempotent calls", async () => {
    const event = loadEvent<PostConfirmationTriggerEvent>("post-confirmation/confirm-sign-up");
    await invoke(structuredClone(event));
    await invoke(structuredClone(event));
    const groups = cognitoMock.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toEqual(groups[1]);
  });

  test("a forgotten-password confirmation changes nothing", async () => {
    await invoke(loadEvent("post-confirmation/confirm-forgot-password"));
    expect(cognitoMock.calls()).toHaveLength(0);
  });

  test("an SDK failure becomes the generic error, without the SDK's message", async () => {
    cognitoMock.on(AdminAddUserToGroupCommand).rejects(new Error("AccessDenied: arn:aws:iam::123456789012:role/secret"));
    await expect(invoke(loadEvent("post-confirmation/confirm-sign-up"))).rejects.toThrow(new Error(GENERIC_ERROR_MESSAGE));
  });

  // Cognito gives the trigger 5 s: a Cognito endpoint that takes the request and never answers must fail it, not hang.
  // (Without the bounds this test runs into its own 15 s limit.)
  test("an endpoint that never answers fails the trigger within its deadline", async () => {
    const held: Array<() => void> = [];
    const server: Server = createServer((req) => req.on("data", () => {}).on("end", () => held.push(() => req.socket.destroy())));
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    try {
      const client = boundedCognitoClient({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        region: "us-east-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      });
      await expect(postConfirmation(loadEvent<PostConfirmationTriggerEvent>("post-confirmation/confirm-sign-up"), client)).rejects.toThrow();
      expect(held.length).toBeGreaterThan(0); // the request reached the endpoint and was left unanswered
    } finally {
      for (const drop of held) drop();
      await new Promise((closed) => server.close(closed));
    }
  }, 15_000);

  test("a malformed event is refused before any call", async () => {
    await expect(invoke({ triggerSource: "PostConfirmation_ConfirmSignUp", request: {} })).rejects.toThrow(GENERIC_ERROR_MESSAGE);
    expect(cognitoMock.calls()).toHaveLength(0);
  });
});
