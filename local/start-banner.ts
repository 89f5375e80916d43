/**
 * What `npm start` says about its settings, after the addresses: whether the CAPTCHA and the
 * concealment of existing accounts are on, the limits a first try can run into and how to raise
 * them, and where the mailbox is kept. Read from the same environment the stack reads.
 */
import { apiConfigFromEnv } from "../api/config";
import { settingsFromEnv } from "../policies/settings";

const onOff = (on: boolean) => (on ? "on " : "off");

export function settingsBanner(env: NodeJS.ProcessEnv, apiUrl: string, mailboxFile: string): string {
  const settings = settingsFromEnv(env);
  // The limits as the API reads them (api/config.ts): the pool and table names do not change them.
  // The stack sets SELF_SERVICE_CLIENT_ID in this process's environment for the trigger bundles; its secret goes to the API only.
  const r = apiConfigFromEnv({ ...env, COGNITO_USER_POOL_ID: "local", COGNITO_CLIENT_ID: "local", COGNITO_CLIENT_SECRET: "local", RATE_LIMIT_TABLE: "local", SELF_SERVICE_CLIENT_ID: "", SELF_SERVICE_CLIENT_SECRET: "" }).rateLimits;
  return `Settings (environment variables; see the README):
  CAPTCHA on sign-up   ${onOff(settings.captchaOnRegister)}   CAPTCHA_ON_REGISTER=true asks the sign-up form to solve a small puzzle first (needs JavaScript)
  concealment          ${onOff(settings.concealExistingAccounts)}   CONCEAL_EXISTING_ACCOUNTS=true answers a sign-up with a taken address as a new one, and emails the owner
  limits               ${r.registerPerHour} sign-ups an hour from one address, ${r.verifyPerHour} tries per emailed code (a new code starts afresh),
                       ${r.resendPerHour} new codes and ${r.forgotPerHour} reset codes an hour per email, ${r.loginPer15Min} sign-ins per email in 15 minutes
                       raise them for a try-out, e.g. RATE_LIMIT_REGISTER_PER_HOUR=100 RATE_LIMIT_VERIFY_PER_HOUR=20 npm start
  mailbox              ${apiUrl}/_local/mailbox   (kept in ${mailboxFile}: it survives a restart, as the users do)`;
}
