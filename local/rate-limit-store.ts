/**
 * The rate-limit table of the local stack: dynalite (a DynamoDB-compatible server) in
 * memory, so counters start from zero on every `npm start`. dynalite does not delete
 * items by TTL; that is harmless here because every counter's key includes its window.
 * Kept apart from stack.ts so tools (the API benchmark) can name the table without
 * loading cognito-local.
 */
import type { Server } from "node:net";
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";

export const RATE_LIMIT_TABLE = "igad-auth-local-rate-limits";

// dynalite has no type declarations; it is a function returning a net server.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (options: Record<string, number>) => Server;

/** dynalite on loopback; port 0 for any free one. */
export async function startDynalite(port: number): Promise<{ server: Server; url: string }> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

/** The table as infra/ declares it (string key `pk`), created if missing. */
export async function ensureRateLimitTable(dynamo: DynamoDBClient): Promise<void> {
  try {
    await dynamo.send(new DescribeTableCommand({ TableName: RATE_LIMIT_TABLE }));
  } catch (error) {
    if ((error as { name?: string }).name !== "ResourceNotFoundException") throw error;
    await dynamo.send(
      new CreateTableCommand({
        TableName: RATE_LIMIT_TABLE,
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  }
}
