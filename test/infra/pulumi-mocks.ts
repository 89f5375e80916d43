/**
 * Runs the Pulumi program under Pulumi's mocks for one stack file, records every
 * resource it declares (type, name, inputs and the mocked state) and awaits every
 * stack output, so a test can assert on what `pulumi up` would create.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";

export interface DeclaredResource {
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, any>;
  /** inputs plus what AWS would add (id, arn...): what guardrails see. */
  state: Record<string, any>;
}

export interface ProgramRun {
  resources: DeclaredResource[];
  outputs: Record<string, any>;
  of(type: string): DeclaredResource[];
  one(type: string, nameIncludes?: string): DeclaredResource;
}

const ACCOUNT = "123456789012";
const REGION = "us-east-1";

/** Reads Pulumi.<stack>.yaml into the key/value form Pulumi's runtime holds (objects as JSON). */
export function stackConfig(stack: "dev" | "prod", overrides: Record<string, unknown> = {}): Record<string, string> {
  const file = load(readFileSync(join(__dirname, "../..", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  const merged = { ...file.config, ...Object.fromEntries(Object.entries(overrides).map(([k, v]) => [`igad-auth:${k}`, v])) };
  return Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

function mockedState(type: string, name: string, id: string, inputs: Record<string, any>): Record<string, any> {
  const service = type.split(":")[1]!.split("/")[0]!;
  const arn = `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;
  const extra: Record<string, any> = { id, arn };
  switch (type) {
    case "aws:cognito/userPool:UserPool":
      Object.assign(extra, { arn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_${id}`, endpoint: `cognito-idp.${REGION}.amazonaws.com/${id}` });
      break;
    case "aws:cognito/userPoolClient:UserPoolClient":
      Object.assign(extra, { clientSecret: inputs.generateSecret ? "mock-client-secret" : undefined });
      break;
    case "aws:lambda/function:Function":
      Object.assign(extra, { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`, name, invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/functions/${name}/invocations` });
      break;
    case "aws:cloudwatch/logGroup:LogGroup":
      Object.assign(extra, { name: `/aws/lambda/${name}` });
      break;
    case "aws:apigateway/restApi:RestApi":
      Object.assign(extra, { rootResourceId: "root", executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}` });
      break;
    case "aws:apigateway/stage:Stage":
      Object.assign(extra, { arn: `arn:aws:apigateway:${REGION}::/restapis/api/stages/${inputs.stageName}`, invokeUrl: `https://api.execute-api.${REGION}.amazonaws.com/${inputs.stageName}` });
      break;
    case "aws:dynamodb/table:Table":
    case "aws:wafv2/webAcl:WebAcl":
      Object.assign(extra, { name });
      break;
  }
  return { ...inputs, ...extra };
}

export async function runProgram(stack: "dev" | "prod", overrides: Record<string, unknown> = {}): Promise<ProgramRun> {
  const resources: DeclaredResource[] = [];
  const outputs: Record<string, any> = {};
  await jest.isolateModulesAsync(async () => {
    const pulumi = await import("@pulumi/pulumi");
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          const id = `${args.name}-id`;
          const state = mockedState(args.type, args.name, id, args.inputs);
          resources.push({ type: args.type, name: args.name, urn: `urn:pulumi:${stack}::igad-auth::${args.type}::${args.name}`, inputs: args.inputs, state });
          return { id, state };
        },
        call: (args) => {
          if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: "AIDA" };
          if (args.token === "aws:index/getRegion:getRegion") return { name: REGION, region: REGION, id: REGION };
          return args.inputs;
        },
      },
      "igad-auth",
      stack,
      false,
    );
    pulumi.runtime.setAllConfig(stackConfig(stack, overrides));
    const program = await import("../../infra/index");
    // Each export is an Output or an object of Outputs; pulumi.output() unwraps both.
    for (const [key, value] of Object.entries(program)) {
      outputs[key] = await new Promise((resolve) => pulumi.output(value as unknown as string).apply(resolve));
    }
  });
  return {
    resources,
    outputs,
    of: (type) => resources.filter((r) => r.type === type),
    one: (type, nameIncludes = "") => {
      const found = resources.filter((r) => r.type === type && r.name.includes(nameIncludes));
      if (found.length !== 1) throw new Error(`expected one ${type} named *${nameIncludes}*, found ${found.length}`);
      return found[0]!;
    },
  };
}
