/**
 * The SES identity Cognito sends through must live in the deploying account and the
 * stack's region: Cognito checks only when the pool is created or updated, and the
 * error it gives then ("Email address is not verified" or an access error) does not say
 * which setting is wrong. This check is pure so it is unit-tested; the program calls it
 * with aws.getCallerIdentity() and aws.getRegion() before it declares any resource.
 */
import { SettingsError } from "../policies/settings";
import { PROJECT } from "./settings";

/** AWS's documentation account, shipped in the example stack file: never a real deployer's. */
export const EXAMPLE_ACCOUNT_ID = "123456789012";

const SES_IDENTITY_ARN = /^arn:(aws[\w-]*):ses:([\w-]+):(\d{12}):identity\/(.+)$/;

export interface Deployer {
  accountId: string;
  region: string;
}

export function checkSesIdentity(arn: string, deployer: Deployer): void {
  const setting = `${PROJECT}:email.sesIdentityArn`;
  const match = SES_IDENTITY_ARN.exec(arn);
  const identity = match?.[4] ?? "<your verified domain or address>";
  const expected = `arn:aws:ses:${deployer.region}:${deployer.accountId}:identity/${identity}`;
  if (!match) throw new SettingsError(setting, `write the ARN of a verified SES identity, e.g. ${expected}`);
  const [, , region, accountId] = match;
  if (accountId === EXAMPLE_ACCOUNT_ID) {
    throw new SettingsError(setting, `${arn} is the example from the stack file, not your identity: verify your domain in SES (region ${deployer.region}) and write ${expected}`);
  }
  if (accountId !== deployer.accountId) {
    throw new SettingsError(setting, `${arn} belongs to account ${accountId}, but this stack deploys to account ${deployer.accountId}: write ${expected}`);
  }
  if (region !== deployer.region) {
    throw new SettingsError(setting, `${arn} is in ${region}, but this stack deploys to ${deployer.region}: verify the identity in ${deployer.region} and write ${expected}`);
  }
}
