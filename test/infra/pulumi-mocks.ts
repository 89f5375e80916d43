/**
 * Runs the Pulumi program under Pulumi's mocks for one stack file, records every
 * resource it declares (type, name, inputs, the mocked state, and the options the engine
 * would receive: protect, deleteBeforeReplace, retainOnDelete, property dependencies) and
 * awaits every stack output, so a test can assert on what `pulumi up` would create.
 *
 * With `preview: true` the run is a dry run, as in `pulumi preview`: ids and every output
 * the provider computes are unknown, and the recorded state carries the policy SDK's own
 * unknown markers where Pulumi had unknowns, as the policy engine would see it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
// The policy SDK's marker for an unknown string (internal to its typings, public in its module).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownStringValue } = require("@pulumi/policy/proxy") as { unknownStringValue: string };

export interface RecordedOptions {
  protect: boolean;
  deleteBeforeReplace: boolean;
  retainOnDelete: boolean;
}

export interface DeclaredResource {
  type: string;
  name: string;
  /** The URN the engine would give it (parent types included). */
  urn: string;
  inputs: Record<string, any>;
  /** inputs plus what AWS would add (id, arn...): what guardrails see. */
  state: Record<string, any>;
  options: RecordedOptions;
  /** For each input, the URNs of the resources its value came from. */
  propertyDependencies: Record<string, string[]>;
}

export interface ProgramRun {
  resources: DeclaredResource[];
  /** The SES identities the program asked aws.sesv2.getEmailIdentity about, in order. */
  sesAsked: string[];
  outputs: Record<string, any>;
  of(type: string): DeclaredResource[];
  one(type: string, nameIncludes?: string): DeclaredResource;
}

export interface RunOptions {
  /** The stack's name; default the stack file's (dev or prod). Any name, e.g. "staging". */
  stackName?: string;
  /** A dry run, as `pulumi preview`. */
  preview?: boolean;
  /**
   * Keep the stack file's SES identity as shipped (the documentation account). By default
   * a run uses the same identity in the mocked deploying account, as a deployer would write it.
   */
  shippedSesIdentity?: boolean;
  /**
   * What SES answers aws.sesv2.getEmailIdentity with: by default an identity verified for
   * sending; "missing" makes the data source fail as it does for an identity SES does not have.
   */
  sesIdentity?: { verifiedForSendingStatus: boolean; verificationStatus: string } | "missing";
}

/** The account the mocked aws.getCallerIdentity() answers (not the documentation account of the stack file). */
export const MOCK_ACCOUNT = "210987654321";
export const MOCK_REGION = "us-east-1";
const ACCOUNT = MOCK_ACCOUNT;
const REGION = MOCK_REGION;

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
      // Each client its own secret, so a test can tell which one leaked.
      Object.assign(extra, { clientSecret: inputs.generateSecret ? `mock-client-secret-of-${name}` : undefined });
      break;
    case "aws:lambda/function:Function": {
      // A name written out is the function's name; otherwise Pulumi's (here: the logical name).
      const fn = inputs.name ?? name;
      Object.assign(extra, { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}`, name: fn, invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/functions/${fn}/invocations` });
      break;
    }
    case "aws:cloudwatch/logGroup:LogGroup":
      // Pulumi names a log group after its logical name, with a random suffix.
      Object.assign(extra, { name: `${name}-1a2b3c4` });
      break;
    case "aws:apigateway/restApi:RestApi":
      Object.assign(extra, { name, rootResourceId: "root", executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}` });
      break;
    case "aws:apigateway/stage:Stage":
      Object.assign(extra, { arn: `arn:aws:apigateway:${REGION}::/restapis/api/stages/${inputs.stageName}`, invokeUrl: `https://api.execute-api.${REGION}.amazonaws.com/${inputs.stageName}` });
      break;
    case "aws:dynamodb/table:Table":
    case "aws:wafv2/webAcl:WebAcl":
    case "aws:sns/topic:Topic":
      Object.assign(extra, { name });
      break;
  }
  return { ...inputs, ...extra };
}

/** Pulumi's unknowns (a dry run) as the policy SDK's own marker, which its proxy refuses to read. */
function asPolicySees(value: unknown, isUnknown: (v: unknown) => boolean): any {
  if (isUnknown(value)) return unknownStringValue;
  if (Array.isArray(value)) return value.map((v) => asPolicySees(v, isUnknown));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asPolicySees(v, isUnknown)]));
  return value;
}

export async function runProgram(file: "dev" | "prod", overrides: Record<string, unknown> = {}, options: RunOptions = {}): Promise<ProgramRun> {
  const stack = options.stackName ?? file;
  const resources: DeclaredResource[] = [];
  const sesAsked: string[] = [];
  const outputs: Record<string, any> = {};
  const engineView = new Map<string, { urn: string; options: RecordedOptions; propertyDependencies: Record<string, string[]> }>();
  const config = { ...overrides };
  if (!options.shippedSesIdentity && config.email === undefined) {
    const email = (load(readFileSync(join(__dirname, "../..", `Pulumi.${file}.yaml`), "utf8")) as any).config["igad-auth:email"];
    if (email?.sesIdentityArn) config.email = { ...email, sesIdentityArn: `arn:aws:ses:${REGION}:${ACCOUNT}:identity/igad.int` };
  }
  // A run that fails carries what it had declared by then, so a test can show nothing was.
  const failed = (e: unknown) => Object.assign(e as Error, { declared: resources, sesAsked });
  await jest.isolateModulesAsync(async () => {
    const pulumi = await import("@pulumi/pulumi");
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          const id = `${args.name}-id`;
          const inputs = options.preview ? asPolicySees(args.inputs, pulumi.isUnknown) : args.inputs;
          // In a preview the provider computes nothing: the id and every output not among the inputs
          // (arn, the autonamed name, invokeArn...) are unknown, and the policy SDK's proxy throws on reading them.
          const computed = mockedState(args.type, args.name, id, args.inputs);
          const state = options.preview
            ? { ...Object.fromEntries(Object.keys(computed).filter((k) => !(k in inputs)).map((k) => [k, unknownStringValue])), ...inputs }
            : computed;
          resources.push({ type: args.type, name: args.name, urn: "", inputs, state, options: { protect: false, deleteBeforeReplace: false, retainOnDelete: false }, propertyDependencies: {} });
          return { id: options.preview ? "" : id, state: options.preview ? args.inputs : state };
        },
        call: (args) => {
          if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: "AIDA", id: ACCOUNT };
          if (args.token === "aws:index/getRegion:getRegion") return { name: REGION, region: REGION, id: REGION };
          if (args.token === "aws:sesv2/getEmailIdentity:getEmailIdentity") {
            const identity = String(args.inputs.emailIdentity);
            sesAsked.push(identity);
            const answer = options.sesIdentity ?? { verifiedForSendingStatus: true, verificationStatus: "SUCCESS" };
            if (answer === "missing") throw new Error(`reading SESv2 Email Identity (${identity}): couldn't find resource`);
            return { id: identity, arn: `arn:aws:ses:${REGION}:${ACCOUNT}:identity/${identity}`, emailIdentity: identity, identityType: identity.includes("@") ? "EMAIL_ADDRESS" : "DOMAIN", ...answer };
          }
          // Any other data source is answered by no one here: a test must say what AWS would answer.
          throw new Error(`the mocks do not answer ${args.token}: add what AWS would return to test/infra/pulumi-mocks.ts`);
        },
      },
      "igad-auth",
      stack,
      options.preview ?? false,
    );
    // What the engine receives with each resource: its options and where its inputs came from.
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) =>
      register(req, (err: unknown, resp: any) => {
        if (resp) {
          const propertyDependencies: Record<string, string[]> = {};
          req.getPropertydependenciesMap().forEach((deps: any, key: string) => (propertyDependencies[key] = deps.getUrnsList()));
          engineView.set(`${req.getType()}::${req.getName()}`, {
            urn: resp.getUrn(),
            options: { protect: req.getProtect() === true, deleteBeforeReplace: req.getDeletebeforereplace() === true, retainOnDelete: req.getRetainondelete() === true },
            propertyDependencies,
          });
        }
        callback(err, resp);
      });
    pulumi.runtime.setAllConfig(stackConfig(file, config));
    const imported = (await import("../../infra/index")) as any;
    const main = typeof imported === "function" ? imported : imported.default;
    const program = typeof main === "function" ? await main() : imported;
    // Each output is an Output or an object of Outputs; pulumi.output() unwraps both.
    // In a preview they may stay unknown, so only the registrations are awaited.
    if (!options.preview) {
      for (const [key, value] of Object.entries(program)) {
        outputs[key] = await new Promise((resolve) => pulumi.output(value as unknown as string).apply(resolve));
      }
    }
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  }).catch((e) => {
    throw failed(e);
  });
  for (const r of resources) {
    const seen = engineView.get(`${r.type}::${r.name}`);
    if (seen) Object.assign(r, seen);
  }
  return {
    resources,
    sesAsked,
    outputs,
    of: (type) => resources.filter((r) => r.type === type),
    one: (type, nameIncludes = "") => {
      const found = resources.filter((r) => r.type === type && r.name.includes(nameIncludes));
      if (found.length !== 1) throw new Error(`expected one ${type} named *${nameIncludes}*, found ${found.length}`);
      return found[0]!;
    },
  };
}
