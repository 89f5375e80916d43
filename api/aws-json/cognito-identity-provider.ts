/**
 * The part of "@aws-sdk/client-cognito-identity-provider" the API uses, over client.ts: the API's
 * Lambda bundle resolves that package name to this file (scripts/build.mjs). Types come from the
 * SDK (type-only imports, erased from the bundle), so a route's input is checked as before.
 * A route that imports a value this file lacks fails the Lambda build (esbuild: "No matching export").
 */
import type * as Sdk from "@aws-sdk/client-cognito-identity-provider";
import { JsonClient, type ClientConfig } from "./client";
import { commandClass } from "./command";
import { ServiceException } from "./errors";

export class CognitoIdentityProviderServiceException extends ServiceException {}

/** Operations AWS serves without a signature (the SDK model's noAuth; they carry a token, code or secret hash instead). */
const UNSIGNED = new Set([
  "ChangePassword",
  "ConfirmForgotPassword",
  "ConfirmSignUp",
  "DeleteUser",
  "ForgotPassword",
  "GetUser",
  "ResendConfirmationCode",
  "RevokeToken",
  "SignUp",
  "UpdateUserAttributes",
]);

/** The SDK turns these epoch-second timestamps into Date. */
const toDate = (output: Record<string, unknown>, ...keys: string[]) => {
  for (const key of keys) if (typeof output[key] === "number") output[key] = new Date((output[key] as number) * 1000);
};

/** The SDK client's `config`, `send(command, { abortSignal })` and `destroy()`, from JsonClient. */
export class CognitoIdentityProviderClient extends JsonClient {
  constructor(config: ClientConfig = {}) {
    super(
      {
        signingName: "cognito-idp",
        targetPrefix: "AWSCognitoIdentityProviderService",
        jsonVersion: "1.1",
        unsignedOperations: UNSIGNED,
        exception: CognitoIdentityProviderServiceException,
        deserialize: { AdminGetUser: (output) => toDate(output, "UserCreateDate", "UserLastModifiedDate") },
      },
      config,
    );
  }
}

export const AdminGetUserCommand = commandClass<Sdk.AdminGetUserCommandInput, Sdk.AdminGetUserCommandOutput>("AdminGetUser");
export const AdminInitiateAuthCommand = commandClass<Sdk.AdminInitiateAuthCommandInput, Sdk.AdminInitiateAuthCommandOutput>("AdminInitiateAuth");
export const AdminRespondToAuthChallengeCommand = commandClass<Sdk.AdminRespondToAuthChallengeCommandInput, Sdk.AdminRespondToAuthChallengeCommandOutput>(
  "AdminRespondToAuthChallenge",
);
export const ChangePasswordCommand = commandClass<Sdk.ChangePasswordCommandInput, Sdk.ChangePasswordCommandOutput>("ChangePassword");
export const ConfirmForgotPasswordCommand = commandClass<Sdk.ConfirmForgotPasswordCommandInput, Sdk.ConfirmForgotPasswordCommandOutput>("ConfirmForgotPassword");
export const ConfirmSignUpCommand = commandClass<Sdk.ConfirmSignUpCommandInput, Sdk.ConfirmSignUpCommandOutput>("ConfirmSignUp");
export const DeleteUserCommand = commandClass<Sdk.DeleteUserCommandInput, Sdk.DeleteUserCommandOutput>("DeleteUser");
export const ForgotPasswordCommand = commandClass<Sdk.ForgotPasswordCommandInput, Sdk.ForgotPasswordCommandOutput>("ForgotPassword");
export const GetUserCommand = commandClass<Sdk.GetUserCommandInput, Sdk.GetUserCommandOutput>("GetUser");
export const ResendConfirmationCodeCommand = commandClass<Sdk.ResendConfirmationCodeCommandInput, Sdk.ResendConfirmationCodeCommandOutput>("ResendConfirmationCode");
export const RevokeTokenCommand = commandClass<Sdk.RevokeTokenCommandInput, Sdk.RevokeTokenCommandOutput>("RevokeToken");
export const SignUpCommand = commandClass<Sdk.SignUpCommandInput, Sdk.SignUpCommandOutput>("SignUp");
export const UpdateUserAttributesCommand = commandClass<Sdk.UpdateUserAttributesCommandInput, Sdk.UpdateUserAttributesCommandOutput>("UpdateUserAttributes");

export type { AttributeType, AuthenticationResultType } from "@aws-sdk/client-cognito-identity-provider";
