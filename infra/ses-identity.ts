/**
 * The SES identity Cognito sends through must live in the deploying account, partition
 * and region, and must cover the sender address: Cognito checks only when the pool is
 * created or updated, and the error it gives then ("Email address is not verified" or an
 * access error) does not say which setting is wrong. This check is pure so it is
 * unit-tested; the program calls it with aws.getCallerIdentity() and aws.getRegion()
 * before it declares any resource.
 */
import { SettingsError } from "../policies/settings";
import { PROJECT } from "./settings";

/** AWS's documentation account, shipped in the example stack file: never a real deployer's. */
export const EXAMPLE_ACCOUNT_ID = "123456789012";

/** An SES identity ARN, exactly: lower-case service, a domain or an email address as the identity (no wildcard, no spaces). */
const SES_IDENTITY_ARN = /^arn:(aws[a-z-]*):ses:([a-z0-9-]+):(\d{12}):identity\/([^\s*?/]+)$/;

export interface Deployer {
  accountId: string;
  region: string;
  /** The partition of the deploying credentials (aws, aws-cn, aws-us-gov...), from the caller's ARN. */
  partition: string;
}

/** The partition of an ARN, e.g. the caller identity's arn:aws:iam::…:user/ci. */
export const partitionOf = (arn: string): string => arn.split(":")[1] ?? "aws";

/** The address inside a sender such as "IGAD Innovation Hub <no-reply@igad.int>". */
const addressOf = (sender: string): string => (/<([^<>\s]+@[^<>\s]+)>\s*$/.exec(sender)?.[1] ?? sender).trim().toLowerCase();

export function checkSesIdentity(arn: string, deployer: Deployer, fromAddress?: string): void {
  const setting = `${PROJECT}:email.sesIdentityArn`;
  const match = SES_IDENTITY_ARN.exec(arn);
  const identity = match?.[4] ?? "<your verified domain or address>";
  const expected = `arn:${deployer.partition}:ses:${deployer.region}:${deployer.accountId}:identity/${identity}`;
  if (!match) throw new SettingsError(setting, `write the ARN of one verified SES identity (a domain or an address, no wildcard), e.g. ${expected}`);
  const [, partition, region, accountId] = match;
  if (accountId === EXAMPLE_ACCOUNT_ID) {
    throw new SettingsError(setting, `${arn} is the example from the stack file, not your identity: verify your domain in SES (region ${deployer.region}) and write ${expected}`);
  }
  if (partition !== deployer.partition) {
    throw new SettingsError(setting, `${arn} is in partition ${partition}, but this stack deploys to ${deployer.partition}: write ${expected}`);
  }
  if (accountId !== deployer.accountId) {
    throw new SettingsError(setting, `${arn} belongs to account ${accountId}, but this stack deploys to account ${deployer.accountId}: write ${expected}`);
  }
  if (region !== deployer.region) {
    throw new SettingsError(setting, `${arn} is in ${region}, but this stack deploys to ${deployer.region}: verify the identity in ${deployer.region} and write ${expected}`);
  }
  if (fromAddress === undefined) return;
  // An address identity sends as itself; a domain identity as any address of the domain or its subdomains.
  const from = addressOf(fromAddress);
  const name = identity.toLowerCase();
  const covered = name.includes("@") ? from === name : from.endsWith(`@${name}`) || from.endsWith(`.${name}`);
  if (!covered) {
    const example = name.includes("@") ? name : `no-reply@${name}`;
    throw new SettingsError(`${PROJECT}:email.fromAddress`, `${from} is not covered by the SES identity ${identity} (email.sesIdentityArn): send from ${example}, or verify and name an identity for ${from.split("@")[1] ?? from}`);
  }
}

/** The identity an SES identity ARN names: a domain or an address. */
export const sesIdentityName = (arn: string): string => arn.slice(arn.indexOf(":identity/") + ":identity/".length);

/** What aws.sesv2.getEmailIdentity answers about an identity's verification. */
export interface EmailIdentityStatus {
  verifiedForSendingStatus?: boolean;
  /** PENDING, SUCCESS, FAILED, TEMPORARY_FAILURE or NOT_STARTED. */
  verificationStatus?: string;
  /** DOMAIN or EMAIL_ADDRESS. */
  identityType?: string;
}

/** The SES console step that verifies an identity, for a message. */
function consoleStep(identity: string, region: string): string {
  const page = `https://${region}.console.aws.amazon.com/ses/home?region=${region}#/identities`;
  return identity.includes("@")
    ? `open the SES console (${page}), choose ${identity} and send the verification email again, then click the link in it`
    : `open the SES console (${page}), choose ${identity}, publish the DKIM CNAME records it lists in the domain's DNS, and wait until its status is "Verified"`;
}

/**
 * Stops the deploy unless SES says the identity may send (asked with aws.sesv2.getEmailIdentity
 * before any resource): Cognito would otherwise create the pool and fail at its first email, or
 * refuse the pool with an error that names no setting.
 */
export function checkSesIdentityVerified(arn: string, status: EmailIdentityStatus, region: string): void {
  // SES's own verdict; an answer without it (older data) falls back to the verification status.
  const verified = status.verifiedForSendingStatus ?? (status.verificationStatus === "SUCCESS");
  if (verified === true) return;
  const identity = sesIdentityName(arn);
  const state = status.verificationStatus ? ` (status ${status.verificationStatus})` : "";
  throw new SettingsError(
    `${PROJECT}:email.sesIdentityArn`,
    `SES identity ${identity} in ${region} is not verified for sending${state}: ${consoleStep(identity, region)}; then run \`pulumi up\` again. No resource was created.`,
  );
}

/** The same stop when SES has no such identity in the stack's region (the data source fails). */
export function sesIdentityMissing(arn: string, region: string, cause: unknown): SettingsError {
  const identity = sesIdentityName(arn);
  const text = cause instanceof Error ? cause.message : String(cause);
  const reason = text.split("\n").map((line) => line.trim()).find((line) => line !== "") ?? "no answer";
  return new SettingsError(
    `${PROJECT}:email.sesIdentityArn`,
    `SES could not be asked about identity ${identity} in ${region} (${reason}): create and verify it there (${consoleStep(identity, region)}), and give the deployer ses:GetEmailIdentity; then run \`pulumi up\` again. No resource was created.`,
  );
}
