/**
 * The audit trail's table in the local stack: a second table in the same dynalite as the
 * rate-limit table (local/rate-limit-store.ts), created at start if missing, with a string
 * partition key `pk` and a string sort key `sk`. The API reads its name from AUDIT_TABLE. dynalite
 * keeps it in memory, so the trail starts empty with every `npm start` (on AWS the table is
 * durable, with point-in-time recovery in prod).
 */
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";

export const AUDIT_TABLE = "igad-auth-local-audit";

export async function ensureAuditTable(dynamo: DynamoDBClient): Promise<void> {
  try {
    await dynamo.send(new DescribeTableCommand({ TableName: AUDIT_TABLE }));
  } catch (error) {
    if ((error as { name?: string }).name !== "ResourceNotFoundException") throw error;
    await dynamo.send(
      new CreateTableCommand({
        TableName: AUDIT_TABLE,
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
        ],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  }
}
