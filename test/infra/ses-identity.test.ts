/** A prod SES identity must belong to the deploying account and the stack's region; the shipped example never passes. */
import { checkSesIdentity, EXAMPLE_ACCOUNT_ID } from "../../infra/ses-identity";
import { SettingsError } from "../../policies/settings";
import { MOCK_ACCOUNT, runProgram } from "./pulumi-mocks";

const deployer = { accountId: "210987654321", region: "eu-west-1" };
const refused = (arn: string) => {
  try {
    checkSesIdentity(arn, deployer);
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return (e as Error).message;
  }
  throw new Error(`${arn} was accepted`);
};

describe("the SES identity check", () => {
  test("accepts an identity of the deploying account in the stack's region", () => {
    expect(() => checkSesIdentity("arn:aws:ses:eu-west-1:210987654321:identity/igad.int", deployer)).not.toThrow();
  });
  test("refuses the shipped example account, naming sesIdentityArn and the ARN to write", () => {
    const message = refused(`arn:aws:ses:eu-west-1:${EXAMPLE_ACCOUNT_ID}:identity/igad.int`);
    expect(message).toMatch(/^Setting igad-auth:email\.sesIdentityArn: .*example.* write arn:aws:ses:eu-west-1:210987654321:identity\/igad\.int$/);
  });
  test("refuses another account's identity", () => {
    expect(refused("arn:aws:ses:eu-west-1:999999999999:identity/igad.int")).toMatch(/account 999999999999, but this stack deploys to account 210987654321: write arn:aws:ses:eu-west-1:210987654321:identity\/igad\.int/);
  });
  test("refuses an identity in another region", () => {
    expect(refused("arn:aws:ses:us-east-1:210987654321:identity/igad.int")).toMatch(/is in us-east-1, but this stack deploys to eu-west-1/);
  });
  test("refuses what is not an SES identity ARN", () => {
    expect(refused("arn:aws:sns:eu-west-1:210987654321:topic")).toMatch(/igad-auth:email\.sesIdentityArn: write the ARN of a verified SES identity/);
  });
});

describe("the program", () => {
  test("refuses the shipped prod stack file's SES identity before declaring any resource (Cognito is never asked)", async () => {
    const run = runProgram("prod", {}, { shippedSesIdentity: true });
    await expect(run).rejects.toThrow(new RegExp(`igad-auth:email.sesIdentityArn: .*123456789012.*write arn:aws:ses:us-east-1:${MOCK_ACCOUNT}:identity/igad.int`));
    const declared = await run.catch((e) => e.declared as unknown[]);
    expect(declared).toEqual([]);
  }, 60_000);

  test("deploys prod with an identity of the deploying account", async () => {
    const run = await runProgram("prod");
    expect(run.one("aws:cognito/userPool:UserPool").inputs.emailConfiguration.sourceArn).toBe(`arn:aws:ses:us-east-1:${MOCK_ACCOUNT}:identity/igad.int`);
  }, 60_000);
});
