/**
 * The part of "@aws-sdk/client-dynamodb" the API uses (the rate limiter's and captcha's
 * UpdateItem), over client.ts: the API's Lambda bundle resolves that package name to this file
 * (scripts/build.mjs). AttributeValue maps pass through as DynamoDB writes them, as the SDK's do.
 */
import type * as Sdk from "@aws-sdk/client-dynamodb";
import { JsonClient, type ClientConfig } from "./client";
import { commandClass } from "./command";
import { ServiceException, type ServiceErrorOptions } from "./errors";

export class DynamoDBServiceException extends ServiceException {}

/** A condition expression was false; carries `Item` when ReturnValuesOnConditionCheckFailure asked for it. */
export class ConditionalCheckFailedException extends DynamoDBServiceException {
  declare readonly Item?: Record<string, Sdk.AttributeValue>;
  constructor(options: ServiceErrorOptions) {
    super(options);
  }
}

/** The SDK client's `config`, `send(command, { abortSignal })` and `destroy()`, from JsonClient. */
export class DynamoDBClient extends JsonClient {
  constructor(config: ClientConfig = {}) {
    super(
      {
        signingName: "dynamodb",
        targetPrefix: "DynamoDB_20120810",
        jsonVersion: "1.0",
        exception: DynamoDBServiceException,
        exceptions: { ConditionalCheckFailedException },
        // The SDK's model marks it retryable (multi-Region strongly consistent tables).
        retryableErrors: new Set(["ReplicatedWriteConflictException"]),
      },
      config,
    );
  }
}

export const UpdateItemCommand = commandClass<Sdk.UpdateItemCommandInput, Sdk.UpdateItemCommandOutput>("UpdateItem");

export type { AttributeValue } from "@aws-sdk/client-dynamodb";
