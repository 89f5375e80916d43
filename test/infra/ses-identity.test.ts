/** A prod SES identity must belong to the deploying account and the stack's region; the shipped example never passes. */
import { checkSesIdentity, EXAMPLE_ACCOUNT_ID } from "../../infra/ses-identity";
import { SettingsError } from "../../policies/settings";
import { MOCK_ACCOUNT, runProgram } from "./pulumi-mocks";

const deployer = { accountId: "210987654321", region: "eu-west-1", partition: "aws" };
const refused = (arn: string, fromAddress?: string) => {
  try {
    checkSesIdentity(arn, deployer, fromAddress);
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
    expect(refused("arn:aws:sns:eu-west-1:210987654321:topic")).toMatch(/igad-auth:email\.sesIdentityArn: write the ARN of one verified SES identity/);
  });
  test("refuses an identity of the same account and region in another partition", () => {
    expect(refused("arn:aws-us-gov:ses:eu-west-1:210987654321:identity/igad.int")).toMatch(/partition aws-us-gov, but this stack deploys to aws: write arn:aws:ses:eu-west-1:210987654321:identity\/igad\.int/);
  });
  test.each([
    ["a wildcard identity", "arn:aws:ses:eu-west-1:210987654321:identity/*"],
    ["a trailing space", "arn:aws:ses:eu-west-1:210987654321:identity/igad.int "],
    ["an upper-case service", "arn:aws:SES:eu-west-1:210987654321:identity/igad.int"],
    ["a second path segment", "arn:aws:ses:eu-west-1:210987654321:identity/igad.int/extra"],
  ])("refuses %s, which Cognito would not take as one identity", (_what, arn) => {
    expect(refused(arn)).toMatch(/^Setting igad-auth:email\.sesIdentityArn: write the ARN of one verified SES identity/);
  });
});

describe("the sender address and the SES identity", () => {
  const domainIdentity = "arn:aws:ses:eu-west-1:210987654321:identity/igad.int";
  const addressIdentity = "arn:aws:ses:eu-west-1:210987654321:identity/no-reply@igad.int";
  const accepted = (arn: string, from: string) => expect(() => checkSesIdentity(arn, deployer, from)).not.toThrow();

  test("a domain identity sends from any address of the domain or a subdomain, display name or not", () => {
    accepted(domainIdentity, "IGAD Innovation Hub <no-reply@igad.int>");
    accepted(domainIdentity, "no-reply@mail.IGAD.int");
  });
  test("an address identity sends as that address only", () => {
    accepted(addressIdentity, "Hub <No-Reply@igad.int>");
    expect(refused(addressIdentity, "other@igad.int")).toMatch(/^Setting igad-auth:email\.fromAddress: other@igad\.int is not covered by the SES identity no-reply@igad\.int .*send from no-reply@igad\.int/);
  });
  test("an address of another domain, or of a domain that merely ends the same, is refused naming fromAddress", () => {
    expect(refused(domainIdentity, "Hub <no-reply@example.org>")).toMatch(/^Setting igad-auth:email\.fromAddress: no-reply@example\.org is not covered by the SES identity igad\.int .*send from no-reply@igad\.int/);
    expect(refused(domainIdentity, "no-reply@notigad.int")).toMatch(/igad-auth:email\.fromAddress: no-reply@notigad\.int is not covered/);
  });
});

describe("the program", () => {
  test("refuses the shipped prod stack file's SES identity before declaring any resource (Cognito is never asked)", async () => {
    const run = runProgram("prod", {}, { shippedSesIdentity: true });
    await expect(run).rejects.toThrow(new RegExp(`igad-auth:email.sesIdentityArn: .*123456789012.*write arn:aws:ses:us-east-1:${MOCK_ACCOUNT}:identity/igad.int`));
    const declared = await run.catch((e) => e.declared as unknown[]);
    expect(declared).toEqual([]);
  }, 60_000);

  test("refuses, before declaring any resource, a sender address the identity does not cover", async () => {
    const email = { sender: "ses", sesIdentityArn: `arn:aws:ses:us-east-1:${MOCK_ACCOUNT}:identity/igad.int`, fromAddress: "Hub <no-reply@example.org>" };
    const run = runProgram("prod", { email });
    await expect(run).rejects.toThrow(/igad-auth:email\.fromAddress: no-reply@example\.org is not covered by the SES identity igad\.int/);
    expect(await run.catch((e) => e.declared as unknown[])).toEqual([]);
  }, 60_000);

  test("deploys prod with an identity of the deploying account that SES says is verified for sending", async () => {
    const run = await runProgram("prod");
    expect(run.sesAsked).toEqual(["igad.int"]);
    expect(run.one("aws:cognito/userPool:UserPool").inputs.emailConfiguration.sourceArn).toBe(`arn:aws:ses:us-east-1:${MOCK_ACCOUNT}:identity/igad.int`);
  }, 60_000);

  test("stops before any resource when SES says the identity is still pending, naming the setting and the console step", async () => {
    const run = runProgram("prod", {}, { sesIdentity: { verifiedForSendingStatus: false, verificationStatus: "PENDING" } });
    await expect(run).rejects.toThrow(/^Setting igad-auth:email\.sesIdentityArn: SES identity igad\.int in us-east-1 is not verified for sending \(status PENDING\): open the SES console .*igad\.int.*DKIM CNAME records.*"Verified"; then run `pulumi up` again\. No resource was created\.$/);
    const failed = (await run.catch((e) => e)) as { declared: unknown[]; sesAsked: string[] };
    expect(failed.declared).toEqual([]);
    expect(failed.sesAsked).toEqual(["igad.int"]);
  }, 60_000);

  test("an address identity still pending is told to click the link in SES's email", async () => {
    const email = { sender: "ses", sesIdentityArn: `arn:aws:ses:us-east-1:${MOCK_ACCOUNT}:identity/no-reply@igad.int`, fromAddress: "Hub <no-reply@igad.int>" };
    const run = runProgram("prod", { email }, { sesIdentity: { verifiedForSendingStatus: false, verificationStatus: "PENDING" } });
    await expect(run).rejects.toThrow(/igad-auth:email\.sesIdentityArn: SES identity no-reply@igad\.int in us-east-1 is not verified for sending.*click the link in it/);
    expect(await run.catch((e) => e.declared as unknown[])).toEqual([]);
  }, 60_000);

  test("stops before any resource when SES has no such identity in the region", async () => {
    const run = runProgram("prod", {}, { sesIdentity: "missing" });
    await expect(run).rejects.toThrow(/igad-auth:email\.sesIdentityArn: SES could not be asked about identity igad\.int in us-east-1 \(.+\): create and verify it there/);
    expect(await run.catch((e) => e.declared as unknown[])).toEqual([]);
  }, 60_000);

  test("a stack on Cognito's default sender never asks SES", async () => {
    expect((await runProgram("dev")).sesAsked).toEqual([]);
  }, 60_000);
});
