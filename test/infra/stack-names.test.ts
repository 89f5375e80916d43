/**
 * Any stack name up to MAX_STACK_NAME_LENGTH deploys: every name built from it fits what
 * AWS accepts for its resource type, counting Pulumi's autoname suffix; a longer one is
 * refused before any resource, rather than by Pulumi in the middle of an `up`.
 */
import { AUTONAME_SUFFIX_LENGTH, MAX_STACK_NAME_LENGTH } from "../../infra/resource-prefix";
import { runProgram, type DeclaredResource, type ProgramRun } from "./pulumi-mocks";

/** AWS's maximum name length per resource type (the name Pulumi writes or generates). */
const NAME_LIMITS: Record<string, number> = {
  "aws:iam/role:Role": 64,
  "aws:lambda/function:Function": 64,
  "aws:iam/rolePolicy:RolePolicy": 128,
  "aws:cognito/userPool:UserPool": 128,
  "aws:cognito/userPoolClient:UserPoolClient": 128,
  "aws:wafv2/webAcl:WebAcl": 128,
  "aws:lambda/permission:Permission": 100,
  "aws:sns/topic:Topic": 256,
  "aws:cloudwatch/metricAlarm:MetricAlarm": 255,
  "aws:dynamodb/table:Table": 255,
  "aws:cloudwatch/logGroup:LogGroup": 512,
  "aws:apigateway/restApi:RestApi": 1024,
};
/** Types whose name is written out, with its key and AWS's limit. */
const WRITTEN_NAMES: Record<string, [key: string, limit: number]> = {
  "aws:cloudwatch/dashboard:Dashboard": ["dashboardName", 255],
  "aws:cognito/userGroup:UserGroup": ["name", 128],
  "aws:cognito/userPoolDomain:UserPoolDomain": ["domain", 63],
};
/** Types AWS gives no name of their own (ids, or a place under their parent). */
const UNNAMED = [
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:cognito/managedLoginBranding:ManagedLoginBranding",
  "aws:cognito/riskConfiguration:RiskConfiguration",
  "aws:sns/topicSubscription:TopicSubscription",
  "aws:wafv2/webAclAssociation:WebAclAssociation",
  "aws:apigateway/account:Account",
  "aws:apigateway/resource:Resource",
  "aws:apigateway/method:Method",
  "aws:apigateway/integration:Integration",
  "aws:apigateway/deployment:Deployment",
  "aws:apigateway/stage:Stage",
  "aws:apigateway/methodSettings:MethodSettings",
];

/** Each name with the room it leaves under AWS's limit (negative: AWS refuses it). */
function nameRoom(r: DeclaredResource): Array<[string, number]> {
  const written = WRITTEN_NAMES[r.type];
  if (written) return [[`${r.type} ${r.inputs[written[0]]}`, written[1] - String(r.inputs[written[0]]).length]];
  const limit = NAME_LIMITS[r.type];
  if (limit === undefined) return [];
  const name: string = r.inputs.name ?? `${r.name}${"x".repeat(AUTONAME_SUFFIX_LENGTH)}`;
  return [[`${r.type} ${name}`, limit - name.length]];
}

/** WAF metric names (the web ACL's and each rule's): 1 to 128 of A-Z a-z 0-9 - _. */
const metricNames = (run: ProgramRun) =>
  run.of("aws:wafv2/webAcl:WebAcl").flatMap((acl) => [acl.inputs.visibilityConfig.metricName, ...acl.inputs.rules.map((rule: any) => rule.visibilityConfig.metricName)]);

describe("stack names", () => {
  const longest = "staging-eu-west1-b2";
  let run: ProgramRun;
  beforeAll(async () => {
    expect(longest).toHaveLength(MAX_STACK_NAME_LENGTH);
    run = await runProgram("prod", { hostedUiDomainPrefix: "igad-hub-staging" }, { stackName: longest });
  }, 60_000);

  test("every resource type is either checked against AWS's name limit or has no name of its own", () => {
    const known = [...Object.keys(NAME_LIMITS), ...Object.keys(WRITTEN_NAMES), ...UNNAMED];
    const types = [...new Set(run.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.type))];
    expect(types.filter((t) => !known.includes(t))).toEqual([]);
  });

  test(`a stack name of ${MAX_STACK_NAME_LENGTH} characters gives names that all fit AWS's limits, the longest exactly`, () => {
    const rooms = run.resources.flatMap(nameRoom);
    expect(rooms.filter(([, room]) => room < 0)).toEqual([]);
    // The limit is not lower than it needs to be: one name uses the whole of its room.
    expect(Math.min(...rooms.map(([, room]) => room))).toBe(0);
  });

  test("WAF metric names stay within 128 characters of the accepted alphabet", () => {
    for (const name of metricNames(run)) expect([name, /^[A-Za-z0-9_-]{1,128}$/.test(name)]).toEqual([name, true]);
  });

  test("a longer stack name is refused before any resource, with the limit and what to do", async () => {
    const tooLong = runProgram("dev", {}, { stackName: `${longest}x` });
    await expect(tooLong).rejects.toThrow(new RegExp(`Stack name "${longest}x" is ${MAX_STACK_NAME_LENGTH + 1} characters: .*at most ${MAX_STACK_NAME_LENGTH} characters`));
    expect(await tooLong.catch((e) => e.declared)).toEqual([]);
  }, 60_000);
});
