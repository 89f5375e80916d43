/**
 * The pool's per-operation WAF rules name real Cognito operations (issue 18). The stack test takes
 * the operation names from the source it checks (RATE_LIMITED_OPERATIONS), so a consistent typo
 * such as "ConfirmSignup" made a rule that matches nothing and still passed. Here the names come
 * from outside: the Cognito API reference's action names, written out below, and the operations
 * the AWS SDK for Cognito implements (each has a `<Name>Command`). AWS WAF sees the operation in
 * the x-amzn-cognito-operation-name header, which holds the action name exactly as the API
 * reference spells it (AWS WAF developer guide, "Amazon Cognito user pool" protection).
 */
import * as cognitoSdk from "@aws-sdk/client-cognito-identity-provider";
import { runProgram, type ProgramRun } from "./pulumi-mocks";

/** https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_Operations.html */
const GUESSABLE_OPERATIONS = ["SignUp", "ConfirmSignUp", "ResendConfirmationCode", "ForgotPassword", "ConfirmForgotPassword", "InitiateAuth"];

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram("dev");
}, 120_000);

/** The operation each rate rule of the pool's web ACL matches, by rule name. */
function matchedOperations(): Record<string, string[]> {
  const acl = run.one("aws:wafv2/webAcl:WebAcl", "pool-waf").inputs;
  const out: Record<string, string[]> = {};
  const visit = (statement: any, into: string[]) => {
    if (!statement || typeof statement !== "object") return;
    const match = statement.byteMatchStatement;
    if (match?.fieldToMatch?.singleHeader?.name === "x-amzn-cognito-operation-name") into.push(match.searchString);
    for (const value of Object.values(statement)) {
      if (Array.isArray(value)) value.forEach((v) => visit(v, into));
      else visit(value, into);
    }
  };
  for (const rule of acl.rules) {
    const found: string[] = [];
    visit(rule.statement, found);
    if (found.length > 0) out[rule.name] = found;
  }
  return out;
}

test("every rule that matches an operation matches one the Cognito API has, spelled as its API reference spells it", () => {
  const matched = Object.values(matchedOperations()).flat();
  expect(matched.length).toBeGreaterThan(0);
  for (const name of matched) {
    expect([name, GUESSABLE_OPERATIONS.includes(name)]).toEqual([name, true]);
    expect([name, typeof (cognitoSdk as Record<string, unknown>)[`${name}Command`]]).toEqual([name, "function"]);
  }
});

test("each guessable operation has its own rate rule", () => {
  const matched = Object.values(matchedOperations());
  for (const operation of GUESSABLE_OPERATIONS) {
    expect([operation, matched.some((names) => names.length === 1 && names[0] === operation)]).toEqual([operation, true]);
  }
});
