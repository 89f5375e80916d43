/**
 * One Lambda function from an esbuild bundle in dist/: arm64, Node.js 22, its own log
 * group with a retention, and a role that may write only to that log group. Extra
 * permissions are added by whoever knows the resource they are for (SignupUserPool for
 * post confirmation, AuthApi for the API). Cognito triggers get `cognitoTrigger: true`:
 * a timeout under Cognito's fixed 5 seconds and the tag the guardrails look for.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lambdaCode } from "./lambda-code";

export interface BundledFunctionArgs {
  /** The bundle's path under dist/ without ".js", e.g. "triggers/pre-sign-up" or "api/lambda". */
  bundle: string;
  environment: Record<string, pulumi.Input<string>> | pulumi.Output<Record<string, string>>;
  logRetentionDays: number;
  /** A Cognito trigger: timeout under 5 s, tagged for the guardrails. */
  cognitoTrigger: boolean;
  /** Seconds. Default 4 for triggers (Cognito waits 5 at most), 10 otherwise. */
  timeoutSeconds?: number;
  /** MiB; more memory is also more CPU for the password check. Default 512. */
  memorySize?: number;
  tags: Record<string, string>;
  /**
   * The function's name, written out instead of Pulumi's random-suffixed one: for a function whose
   * ARN is needed before it exists (functionArn). Changing it replaces the function.
   */
  functionName?: string;
}

/** A function's ARN from its name, known before the function exists. */
export function functionArn(partition: string, region: string, accountId: string, functionName: string): string {
  return `arn:${partition}:lambda:${region}:${accountId}:function:${functionName}`;
}

export const TRIGGER_TAG = { component: "cognito-trigger" };
const COGNITO_DEADLINE_SECONDS = 5;

export class BundledFunction extends pulumi.ComponentResource {
  readonly function: aws.lambda.Function;
  readonly role: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;

  constructor(name: string, args: BundledFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("igad-auth:lambda:BundledFunction", name, {}, opts);
    const timeout = args.timeoutSeconds ?? (args.cognitoTrigger ? 4 : 10);
    if (args.cognitoTrigger && timeout >= COGNITO_DEADLINE_SECONDS) {
      throw new Error(`${name}: a Cognito trigger must answer within ${COGNITO_DEADLINE_SECONDS} seconds; set timeoutSeconds below ${COGNITO_DEADLINE_SECONDS}`);
    }
    const tags = args.cognitoTrigger ? { ...args.tags, ...TRIGGER_TAG } : args.tags;
    const code = lambdaCode(args.bundle);

    this.logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: args.logRetentionDays, tags }, { parent: this });
    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
        tags,
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-logs-policy`,
      {
        role: this.role.id,
        policy: this.logGroup.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${arn}:*` }],
          }),
        ),
      },
      { parent: this },
    );
    this.function = new aws.lambda.Function(
      `${name}-function`,
      {
        ...(args.functionName ? { name: args.functionName } : {}),
        runtime: aws.lambda.Runtime.NodeJS22dX,
        architectures: ["arm64"],
        handler: "index.handler",
        code,
        role: this.role.arn,
        timeout,
        memorySize: args.memorySize ?? 512,
        environment: { variables: args.environment },
        loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
        tags,
      },
      { parent: this },
    );
    this.registerOutputs({ functionArn: this.function.arn, roleArn: this.role.arn, logGroupName: this.logGroup.name });
  }
}
