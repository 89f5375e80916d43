/** Pulumi type tokens of the resources the guardrails inspect (strings, so guardrails need no AWS SDK). */
export const TYPES = {
  userPool: "aws:cognito/userPool:UserPool",
  userPoolClient: "aws:cognito/userPoolClient:UserPoolClient",
  lambdaFunction: "aws:lambda/function:Function",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
  restStage: "aws:apigateway/stage:Stage",
  dynamodbTable: "aws:dynamodb/table:Table",
} as const;

/** Resources carry an `environment` tag; prod-only rules key on it. */
export function isProd(props: Record<string, any>): boolean {
  return props.tags?.environment === "prod";
}
