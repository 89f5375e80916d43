/**
 * One Cognito trigger as a Lambda function: the esbuild bundle from dist/triggers,
 * arm64, Node.js 22, a timeout under Cognito's 5 seconds, its own log group with a
 * retention, and a role that may write only to that log group. Extra permissions are
 * added by whoever knows the resource they are for (see SignupUserPool).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lambdaCode } from "./lambda-code";

export interface TriggerFunctionArgs {
  /** The bundle's name under dist/triggers, e.g. "pre-sign-up". */
  bundle: string;
  /** Environment variables (the account settings, from settingsToEnv). */
  environment: Record<string, pulumi.Input<string>>;
  logRetentionDays: number;
  /** Seconds; Cognito waits 5 at most, so the default leaves a margin. */
  timeoutSeconds?: number;
  /** MiB; more memory is also more CPU for the password check. Default 512. */
  memorySize?: number;
  tags?: Record<string, string>;
}

export const TRIGGER_TAG = { component: "cognito-trigger" };

export class TriggerFunction extends pulumi.ComponentResource {
  readonly function: aws.lambda.Function;
  readonly role: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;

  constructor(name: string, args: TriggerFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("igad-auth:triggers:TriggerFunction", name, args, opts);
    const timeout = args.timeoutSeconds ?? 4;
    if (timeout >= 5) throw new Error(`${name}: a Cognito trigger must answer within 5 seconds; set timeoutSeconds below 5`);
    const tags = { ...args.tags, ...TRIGGER_TAG };
    const code = lambdaCode(`triggers/${args.bundle}`);

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
