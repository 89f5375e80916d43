/**
 * The AWS provider's own argument rules (exactly-one-of, conflicts-with, required-with,
 * at-least-one-of, lengths, ranges, enumerations, patterns, item counts, what the provider
 * computes), which `pulumi preview` runs in the provider and Pulumi's mocks skip, checked over
 * every resource of every shipped stack. The rules are data (provider-rules.json), read from
 * terraform-provider-aws's source by scripts/provider-rules.ts, with where they came from.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RESOURCES, resourceRules } from "../../scripts/provider-rules";
import { checkProgram, formatViolation, PROVIDER_RULES, replacingArguments, terraformView, violationsOf } from "./provider-rules";
import { runProgram, type ProgramRun } from "./pulumi-mocks";

const BRANDING = "aws:cognito/managedLoginBranding:ManagedLoginBranding";
const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";

/**
 * Arguments @pulumi/aws 7.48.0 takes (its TypeScript types accept them, so they are not
 * misspelt) that the copies of the provider's files read here predate. A refresh from a checkout
 * at the upstream version pulumi-aws pins reads them, and this list must then shrink to nothing.
 */
const NEWER_THAN_THE_SOURCE_READ: Record<string, string[]> = {
  [POOL]: ["userPoolTier"],
  "aws:cognito/userPoolDomain:UserPoolDomain": ["managedLoginVersion"],
};

const runs: Record<string, ProgramRun> = {};
beforeAll(async () => {
  runs.dev = await runProgram("dev");
  runs.prod = await runProgram("prod");
  runs.lite = await runProgram("dev", { featurePlan: "lite", passwordHistorySize: 0 });
  runs.publicHostedUi = await runProgram("dev", { hostedUiPublicClient: true });
  runs.preview = await runProgram("prod", {}, { preview: true });
}, 180_000);

describe("every resource of every shipped stack passes the provider's argument rules", () => {
  test.each(["dev", "prod", "lite", "publicHostedUi", "preview"])("%s", (name) => {
    const run = runs[name]!;
    const result = checkProgram(run.resources);
    expect(result.violations.map(formatViolation)).toEqual([]);
    // Every argument is known to the rules, but those the source read predates.
    for (const [type, args] of Object.entries(result.unmatched)) expect([type, args.filter((a) => !(NEWER_THAN_THE_SOURCE_READ[type] ?? []).includes(a))]).toEqual([type, []]);
  });

  test("the rules were read for the Cognito resources, and every other declared type is listed as not read (a new type must be classified)", () => {
    const declared = new Set(Object.values(runs).flatMap((r) => r.resources.map((x) => x.type)).filter((t) => t.startsWith("aws:")));
    for (const type of declared) expect([type, type in RESOURCES]).toEqual([type, true]);
    for (const type of [POOL, CLIENT, BRANDING, "aws:cognito/userPoolDomain:UserPoolDomain", "aws:cognito/riskConfiguration:RiskConfiguration"]) {
      expect([type, type in PROVIDER_RULES.resources]).toEqual([type, true]);
    }
    const unaccounted = [...declared].filter((t) => !(t in PROVIDER_RULES.resources) && !(t in PROVIDER_RULES.notRead));
    expect(unaccounted).toEqual([]);
  });
});

describe("the branding that stopped the first `pulumi up` is caught, naming resource, argument and rule", () => {
  test("useCognitoProvidedValues: false beside settings breaks ExactlyOneOf (a false counts as set)", () => {
    const branding = runs.dev!.one(BRANDING);
    const asShippedBefore = { ...branding.inputs, useCognitoProvidedValues: false };
    const found = checkProgram([{ type: BRANDING, name: branding.name, inputs: asShippedBefore }]).violations;
    expect(found.map(formatViolation)).toEqual([
      `${BRANDING} ${branding.name}: useCognitoProvidedValues (use_cognito_provided_values): ExactlyOneOf: exactly one of (settings, use_cognito_provided_values) must be set; 2 are: settings, use_cognito_provided_values (a false or 0 counts as set)`,
    ]);
  });

  test("neither of the two is a violation too", () => {
    const branding = runs.dev!.one(BRANDING);
    const { settings: _settings, ...withoutSettings } = branding.inputs;
    expect(checkProgram([{ type: BRANDING, name: branding.name, inputs: withoutSettings }]).violations.map((v) => v.rule)).toEqual(["ExactlyOneOf"]);
  });

  test("a new logo replaces the style (asset is replace-forcing), which the program deletes first", () => {
    expect(replacingArguments(BRANDING)).toEqual(expect.arrayContaining(["asset", "asset.bytes", "client_id", "user_pool_id"]));
    expect(runs.dev!.one(BRANDING).options.deleteBeforeReplace).toBe(true);
  });
});

describe("each kind of rule, on resources the program could declare", () => {
  const pool = () => structuredClone(runs.dev!.one(POOL).inputs);
  const rules = (type: string) => PROVIDER_RULES.resources[type]!;
  const rulesBroken = (type: string, inputs: Record<string, unknown>) => violationsOf(type, "r", inputs, rules(type)).map((v) => `${v.rule} ${v.terraformPath}`);

  test("ConflictsWith: alias attributes beside username attributes", () => {
    expect(rulesBroken(POOL, { ...pool(), aliasAttributes: ["preferred_username"] })).toEqual(expect.arrayContaining(["ConflictsWith alias_attributes", "ConflictsWith username_attributes"]));
  });
  test("RequiredWith: a custom email sender without the KMS key", () => {
    const p = pool() as any;
    p.lambdaConfig.customEmailSender = { lambdaArn: "arn:aws:lambda:us-east-1:210987654321:function:x", lambdaVersion: "V1_0" };
    expect(rulesBroken(POOL, p)).toEqual(["RequiredWith lambda_config.0.custom_email_sender"]);
  });
  test("a range: password history of 25 (0 to 24)", () => {
    const p = pool() as any;
    p.passwordPolicy.passwordHistorySize = 25;
    expect(rulesBroken(POOL, p)).toEqual(["Validate password_policy.0.password_history_size"]);
  });
  test("an enumeration (values from the SDK's enum type): pre token generation V4_0", () => {
    const p = pool() as any;
    p.lambdaConfig.preTokenGenerationConfig.lambdaVersion = "V4_0";
    expect(rulesBroken(POOL, p)).toEqual(["Validate lambda_config.0.pre_token_generation_config.0.lambda_version"]);
  });
  test("item counts: 51 schema attributes (at most 50)", () => {
    const p = pool() as any;
    p.schemas = Array.from({ length: 51 }, (_, i) => ({ ...p.schemas[0], name: `a${i}` }));
    expect(rulesBroken(POOL, p)).toEqual(["MaxItems schema"]);
  });
  test("Required and Computed: a client without its pool, and one setting its secret", () => {
    const client = structuredClone(runs.dev!.one(CLIENT, "api-client").inputs);
    delete client.userPoolId;
    expect(rulesBroken(CLIENT, { ...client, clientSecret: "x" })).toEqual(expect.arrayContaining(["Required user_pool_id", "Computed client_secret"]));
  });
  test("AtLeastOneOf: threat protection with none of its three configurations", () => {
    const risk = "aws:cognito/riskConfiguration:RiskConfiguration";
    expect(rulesBroken(risk, { userPoolId: "us-east-1_x" })).toEqual(["AtLeastOneOf account_takeover_risk_configuration"]);
  });
  test("a refresh-token grace period over 60 seconds", () => {
    const client = structuredClone(runs.dev!.one(CLIENT, "api-client").inputs) as any;
    client.refreshTokenRotation.retryGracePeriodSeconds = 61;
    expect(rulesBroken(CLIENT, client)).toEqual(["Validate refresh_token_rotation.0.retry_grace_period_seconds"]);
  });
  test("a Pulumi argument the rules do not know is listed, not silently skipped", () => {
    expect(terraformView({ ...pool(), usernameAtributes: ["email"] }, rules(POOL)).unmatched).toEqual(expect.arrayContaining(["usernameAtributes"]));
  });
});

describe("the rules are data, for the locked @pulumi/aws", () => {
  test("they were read for the @pulumi/aws version the lock file installs: moving it fails here until `npm run provider-rules` reads them again", () => {
    const installed = (JSON.parse(readFileSync(join(__dirname, "../../node_modules/@pulumi/aws/package.json"), "utf8")) as { version: string }).version;
    const locked = (JSON.parse(readFileSync(join(__dirname, "../../package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> }).packages["node_modules/@pulumi/aws"]!.version;
    expect({ installed, locked }).toEqual({ installed: PROVIDER_RULES.pulumiAws, locked: PROVIDER_RULES.pulumiAws });
  });

  test("they record where they came from: the repository, the version and each file", () => {
    expect(PROVIDER_RULES.upstream.repository).toBe("https://github.com/hashicorp/terraform-provider-aws");
    expect(PROVIDER_RULES.upstream.version).toBeTruthy();
    for (const r of Object.values(PROVIDER_RULES.resources)) expect([r.file, PROVIDER_RULES.upstream.files[r.file]]).toEqual([r.file, expect.any(String)]);
  });
});

describe("scripts/provider-rules.ts reads both of the provider's schema styles", () => {
  // Written for this test in the provider's two styles (plugin SDK and plugin framework).
  const files: Record<string, string> = {
    "names/attr_consts_gen.go": 'package names\nconst (\n\tAttrWidgetID = "widget_id"\n)\n',
    "internal/service/demo/thing.go": `package demo
// @SDKResource("aws_demo_thing", name="Thing")
func resourceThing() *schema.Resource {
	return &schema.Resource{
		Schema: map[string]*schema.Schema{
			names.AttrWidgetID: {Type: schema.TypeString, Required: true, ForceNew: true, ValidateFunc: validation.StringLenBetween(1, 63)},
			"mode": {Type: schema.TypeString, Optional: true, ConflictsWith: []string{"legacy_mode"}, ValidateFunc: validation.StringInSlice([]string{"a", "b"}, false)},
			"legacy_mode": {Type: schema.TypeBool, Optional: true},
			"limits": {Type: schema.TypeList, Optional: true, MaxItems: 1, Elem: limitsSchema()},
		},
	}
}
func limitsSchema() *schema.Resource {
	return &schema.Resource{Schema: map[string]*schema.Schema{
		"size": {Type: schema.TypeInt, Optional: true, ValidateFunc: validation.IntBetween(10, 20), RequiredWith: []string{"limits.0.unit"}},
		"unit": {Type: schema.TypeString, Optional: true, ValidateFunc: validation.StringMatch(regexache.MustCompile(\`^[a-z]+$\`), "lower case")},
	}}
}
`,
    "internal/service/demo/gadget.go": `package demo
// @FrameworkResource("aws_demo_gadget", name="Gadget")
func newGadgetResource(context.Context) (resource.ResourceWithConfigure, error) {
	return &gadgetResource{}, nil
}
func (r *gadgetResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"left":  schema.StringAttribute{Optional: true, Validators: []validator.String{stringvalidator.ExactlyOneOf(path.MatchRoot("left"), path.MatchRoot("right"))}},
			"right": schema.BoolAttribute{Optional: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()}},
		},
		Blocks: map[string]schema.Block{
			"part": schema.ListNestedBlock{
				Validators: []validator.List{listvalidator.SizeAtMost(2)},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"count": schema.Int64Attribute{Required: true, Validators: []validator.Int64{int64validator.Between(1, 5)}},
				}},
			},
		},
	}
}
`,
  };
  const reader = { list: (dir: string) => Object.keys(files).filter((f) => f.startsWith(`${dir}/`)), read: (path: string) => files[path]! };

  test("plugin SDK: names constants, ForceNew, lengths, lists, ConflictsWith, helper functions, RequiredWith, ranges, patterns", () => {
    expect(resourceRules(reader, "aws_demo_thing", "internal/service/demo").attributes).toEqual({
      widget_id: { kind: "string", required: true, forceNew: true, checks: [{ length: [1, 63] }] },
      mode: { kind: "string", optional: true, conflictsWith: ["legacy_mode"], checks: [{ oneOf: ["a", "b"] }] },
      legacy_mode: { kind: "bool", optional: true },
      limits: { kind: "list-block", optional: true, maxItems: 1 },
      "limits.size": { kind: "int", optional: true, requiredWith: ["limits.0.unit"], checks: [{ range: [10, 20] }] },
      "limits.unit": { kind: "string", optional: true, checks: [{ pattern: "^[a-z]+$" }] },
    });
  });

  test("plugin framework: ExactlyOneOf by path, RequiresReplace, nested blocks and their sizes", () => {
    expect(resourceRules(reader, "aws_demo_gadget", "internal/service/demo").attributes).toEqual({
      left: { kind: "string", optional: true, exactlyOneOf: ["left", "right"] },
      right: { kind: "bool", optional: true, forceNew: true },
      part: { kind: "list-block", maxItems: 2 },
      "part.count": { kind: "int64", required: true, checks: [{ range: [1, 5] }] },
    });
  });
});
