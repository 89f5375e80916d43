/**
 * What the second `pulumi up` needs: resource options that make replacements safe, a
 * deployment that follows every route change, a pool schema Cognito can keep, a pool
 * that is never replaced, and names that let any stack deploy beside another.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import deployedSchema from "./deployed-user-pool-schema.json";
import deployedStacks from "./deployed-stacks.json";
import { frozenSchemaViolations, USER_POOL_SCHEMA, type SchemaAttribute } from "../../infra/user-pool-schema";
import { canonicalJson, deploymentFingerprint } from "../../infra/deployment-fingerprint";
import { ROUTE_TYPES } from "../../infra/components/auth-api";
import { MAX_COUNTRY_LENGTH, MAX_NAME_LENGTH, MAX_ORGANIZATION_LENGTH } from "../../policies/profile";
import { runProgram, type DeclaredResource, type ProgramRun } from "./pulumi-mocks";
import { PROVIDER_RULES, replacingArguments, terraformView, valueAt } from "./provider-rules";

const POOL = "aws:cognito/userPool:UserPool";
const runs: Record<string, ProgramRun> = {};
beforeAll(async () => {
  runs.dev = await runProgram("dev");
  runs.prod = await runProgram("prod");
  runs.staging = await runProgram("dev", { hostedUiDomainPrefix: "igad-hub-staging" }, { stackName: "staging" });
}, 120_000);

describe("replacements that would break the pool or leave it unprotected", () => {
  test.each(["dev", "prod"])("%s: the Hosted UI domain and both web ACL associations are deleted before they are replaced", (stack) => {
    const run = runs[stack]!;
    const mustDeleteFirst = [...run.of("aws:cognito/userPoolDomain:UserPoolDomain"), ...run.of("aws:wafv2/webAclAssociation:WebAclAssociation")];
    expect(mustDeleteFirst).toHaveLength(3);
    for (const r of mustDeleteFirst) expect([r.name, r.options.deleteBeforeReplace]).toEqual([r.name, true]);
  });

  test("the prod pool is protected (pulumi refuses to delete or replace it) and deletion-protected (Cognito refuses too)", () => {
    const pool = runs.prod!.one(POOL);
    expect(pool.options.protect).toBe(true);
    expect(pool.inputs.deletionProtection).toBe("ACTIVE");
  });

  test("the dev pool stays deletable (no protect), so dev can be torn down", () => {
    expect(runs.dev!.one(POOL).options.protect).toBe(false);
  });
});

describe("the API deployment follows every route change", () => {
  const routeParts = (run: ProgramRun) =>
    run.resources.filter((r) => (Object.values(ROUTE_TYPES) as string[]).includes(r.type)).map((r) => ({ type: r.type, name: r.name, args: r.inputs }));

  test.each(["dev", "prod"])("%s: the deployment's triggers hash every route resource, method, integration and authorizer as declared", (stack) => {
    const run = runs[stack]!;
    const parts = routeParts(run);
    expect(parts.length).toBe(5); // {proxy+}, and a method and an integration for / and for /{proxy+}
    const deployment = run.one("aws:apigateway/deployment:Deployment").inputs;
    expect(deployment.triggers).toEqual({ redeployment: deploymentFingerprint(parts) });
  });

  test("every API Gateway resource type is either hashed into the deployment or lives outside its snapshot (a new type must be classified)", () => {
    // A deployment snapshots the REST API's resources, methods, integrations, authorizers (and
    // models, validators, gateway responses); the stage, its settings, the account setting and
    // the deployment itself are not part of the snapshot.
    const OUTSIDE_SNAPSHOT = [
      "aws:apigateway/restApi:RestApi",
      "aws:apigateway/deployment:Deployment",
      "aws:apigateway/stage:Stage",
      "aws:apigateway/methodSettings:MethodSettings",
      "aws:apigateway/account:Account",
    ];
    for (const stack of ["dev", "prod"]) {
      const types = new Set(runs[stack]!.resources.filter((r) => r.type.startsWith("aws:apigateway/")).map((r) => r.type));
      expect([...types].filter((t) => !OUTSIDE_SNAPSHOT.includes(t) && !(Object.values(ROUTE_TYPES) as string[]).includes(t))).toEqual([]);
    }
  });

  test("the fingerprint changes when any part's configuration changes, and not with key order", () => {
    const parts = routeParts(runs.dev!);
    const base = deploymentFingerprint(parts);
    for (let i = 0; i < parts.length; i++) {
      const changed = parts.map((p, j) => (j === i ? { ...p, args: { ...p.args, extra: "changed" } } : p));
      expect(deploymentFingerprint(changed)).not.toBe(base);
    }
    const reordered = parts.map((p) => ({ ...p, args: Object.fromEntries(Object.entries(p.args).reverse()) })).reverse();
    expect(deploymentFingerprint(reordered)).toBe(base);
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe('{"a":[1,{"d":2}],"b":1}');
  });
});

describe("schema freeze: Cognito can add attributes, never change or remove one", () => {
  const deployed = deployedSchema.attributes as SchemaAttribute[];

  test("every deployed attribute is declared unchanged (a change fails `up` with \"cannot modify or remove schema items\")", () => {
    expect(frozenSchemaViolations(deployed, USER_POOL_SCHEMA)).toEqual([]);
  });

  test("the program deploys exactly the declaration", () => {
    for (const stack of ["dev", "prod"]) expect(runs[stack]!.one(POOL).inputs.schemas).toEqual(USER_POOL_SCHEMA);
  });

  test("a changed attribute is reported with the migration: add a new attribute", () => {
    const tightened = USER_POOL_SCHEMA.map((a) => (a.name === "organization" ? { ...a, stringAttributeConstraints: { minLength: "0", maxLength: "80" } } : a));
    expect(frozenSchemaViolations(deployed, tightened)).toEqual([expect.stringMatching(/^attribute organization changed from .*"maxLength":"100".* to .*"maxLength":"80".*add a new attribute/)]);
  });

  test("a removed attribute is reported with the migration", () => {
    expect(frozenSchemaViolations(deployed, USER_POOL_SCHEMA.filter((a) => a.name !== "country"))).toEqual([expect.stringMatching(/^attribute country was removed\. .*add a new attribute/)]);
  });

  test("a new optional custom attribute is allowed", () => {
    const added = [...USER_POOL_SCHEMA, { ...USER_POOL_SCHEMA[1]!, name: "department" }];
    expect(frozenSchemaViolations(deployed, added)).toEqual([]);
  });

  test("an addition Cognito refuses on an existing pool is reported: a standard attribute, a required one, a name over 20 characters", () => {
    const add = (attribute: Partial<SchemaAttribute>) => frozenSchemaViolations(deployed, [...USER_POOL_SCHEMA, { ...USER_POOL_SCHEMA[1]!, ...attribute }]);
    expect(add({ name: "given_name" })).toEqual([expect.stringMatching(/^attribute given_name is a standard attribute, which an existing pool cannot add/)]);
    expect(add({ name: "department", required: true })).toEqual([expect.stringMatching(/^attribute department is added as required, which Cognito refuses/)]);
    expect(add({ name: "organisation_department" })).toEqual([expect.stringMatching(/^attribute organisation_department: a custom attribute's name has at most 20/)]);
  });

  test("the profile validation stays within the schema's bounds (a value the API accepts never fails in Cognito)", () => {
    const max = (name: string) => Number(USER_POOL_SCHEMA.find((a) => a.name === name)!.stringAttributeConstraints.maxLength);
    expect(MAX_NAME_LENGTH).toBeLessThanOrEqual(max("name"));
    expect(MAX_ORGANIZATION_LENGTH).toBeLessThanOrEqual(max("organization"));
    expect(MAX_COUNTRY_LENGTH).toBeLessThanOrEqual(max("country"));
  });

  test("the schema is declared apart from the validation limits of policies/profile.ts", () => {
    expect(readFileSync(join(__dirname, "../../infra/user-pool-schema.ts"), "utf8")).not.toMatch(/from "..\/policies\/profile"/);
  });
});

/**
 * What makes an existing pool be replaced, which deletes every user: each argument the AWS
 * provider marks replace-forcing (ForceNew) for aws_cognito_user_pool, read from its source with
 * the other provider rules (provider-rules.json), and the URN, whose change makes Pulumi delete
 * and recreate it. A provider upgrade that adds a replace-forcing argument adds it here, and the
 * record below must then say what the existing stacks were created with. Schema changes fail
 * instead (above).
 */
const REPLACING_PROPERTIES = ["urn", ...replacingArguments(POOL)];

/** A pool property by the provider's path, as the program declares it (null when left out). */
function replacingValue(pool: DeclaredResource, property: string): unknown {
  if (property === "urn") return pool.urn;
  // Left out, `name` is Pulumi's auto-name: the logical name (in the URN) and a suffix kept in the state.
  return valueAt(terraformView(pool.inputs, PROVIDER_RULES.resources[POOL]!).config, property) ?? null;
}

describe("no change replaces an existing stack's pool (replacement deletes every user)", () => {
  test.each(["dev", "prod"] as const)("%s: every property that forces replacement is as the stack was created", (stack) => {
    const pool = runs[stack]!.one(POOL);
    const now = Object.fromEntries(REPLACING_PROPERTIES.map((key) => [key, replacingValue(pool, key)]));
    const recorded = deployedStacks[stack] as Record<string, unknown>;
    expect(now).toEqual(recorded);
  });

  test("the record lists exactly the properties that force replacement, as the provider's rules name them", () => {
    for (const stack of ["dev", "prod"] as const) expect(Object.keys(deployedStacks[stack]).sort()).toEqual([...REPLACING_PROPERTIES].sort());
    expect(REPLACING_PROPERTIES).toEqual(expect.arrayContaining(["name", "username_attributes", "alias_attributes", "username_configuration.case_sensitive"]));
  });
});

describe("any stack name deploys beside the others", () => {
  /** The names AWS requires unique in an account or region: written out, or Pulumi's autoname base (the logical name). */
  const UNIQUE_NAME_KEYS = ["name", "dashboardName", "functionName", "domain", "tableName", "namePrefix"];
  /** Types whose names are unique only inside their parent (a group inside its pool). */
  const SCOPED_TO_PARENT = ["aws:cognito/userGroup:UserGroup"];
  const uniqueNames = (run: ProgramRun) =>
    run.resources
      .filter((r) => r.type.startsWith("aws:") && !SCOPED_TO_PARENT.includes(r.type))
      .flatMap((r) => {
        const written = UNIQUE_NAME_KEYS.filter((k) => typeof r.inputs[k] === "string").map((k) => `${r.type} ${k}=${r.inputs[k]}`);
        return written.length > 0 ? written : [`${r.type} autoname=${r.name}`];
      });

  test("a stack named staging with environment dev shares no account- or region-unique name with dev", () => {
    const dev = new Set(uniqueNames(runs.dev!));
    const clashes = uniqueNames(runs.staging!).filter((n) => dev.has(n));
    expect(clashes).toEqual([]);
    expect(runs.staging!.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardName).toBe("igad-auth-staging-signup-funnel");
  });

  test("names follow the stack, not the environment setting", () => {
    const names = runs.staging!.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.name);
    expect(names.filter((n) => !n.startsWith("igad-auth-staging-"))).toEqual([]);
    expect(runs.staging!.one(POOL).inputs.tags).toMatchObject({ environment: "dev", stack: "staging" });
  });

  test("dev and prod keep the names they were deployed with (stack name = environment)", () => {
    expect(runs.dev!.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardName).toBe("igad-auth-dev-signup-funnel");
    expect(runs.prod!.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardName).toBe("igad-auth-prod-signup-funnel");
  });
});
