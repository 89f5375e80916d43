/**
 * The part of "@aws-sdk/client-dynamodb" the API uses (the rate limiter's and captcha's
 * UpdateItem), over client.ts: the API's Lambda bundle resolves that package name to this file
 * (scripts/build.mjs). AttributeValue maps pass through as DynamoDB writes them, as the SDK's do.
 */
import type * as Sdk from "@aws-sdk/client-dynamodb";
import { JsonClient, type ClientConfig, type SendOptions } from "./client";
import { commandClass, type Command, type OutputOf } from "./command";
import { ServiceException, type ServiceErrorOptions } from "./errors";

export class DynamoDBServiceException extends ServiceException {}

/** A condition expression was false; carries `Item` when ReturnValuesOnConditionCheckFailure asked for it. */
export class ConditionalCheckFailedException extends DynamoDBServiceException {
  declare readonly Item?: Record<string, Sdk.AttributeValue>;
  constructor(options: ServiceErrorOptions) {
    super(options);
  }
}

export class DynamoDBClient {
  private readonly client: JsonClient;
  constructor(config: ClientConfig = {}) {
    this.client = new JsonClient(
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
  get config() {
    return this.client.config;
  }
  send<C extends Command<unknown, unknown>>(command: C, options?: SendOptions): Promise<OutputOf<C>> {
    return this.client.send(command, options);
  }
  destroy(): void {
    this.client.destroy();
  }
}

export const UpdateItemCommand = commandClass<Sdk.UpdateItemCommandInput, Sdk.UpdateItemCommandOutput>("UpdateItem");

export type { AttributeValue } from "@aws-sdk/client-dynamodb";
