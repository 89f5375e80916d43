/**
 * `npm start`: the whole stack locally, no AWS account. Settings come from the same
 * environment variables as on Lambda (see README); ports from PORT (API, default 3000),
 * COGNITO_PORT (9229), DYNAMO_PORT (8000), LAMBDA_PORT (9001); data in LOCAL_DATA_DIR
 * (.local). With LOCAL_STACK_READY_JSON=1 it also prints one JSON line for tools.
 */
import "./quiet-sdk-v2";
import { join } from "node:path";
import { settingsFromEnv } from "../policies/settings";
import { settingsBanner } from "./start-banner";
import { startLocalStack } from "./stack";

const root = join(__dirname, "..");
const port = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d{1,5}$/.test(raw)) throw new Error(`${name} must be a port number, not "${raw}"`);
  return Number(raw);
};

async function main(): Promise<void> {
  const dataDir = process.env.LOCAL_DATA_DIR ?? join(root, ".local");
  const stack = await startLocalStack({
    apiPort: port("PORT", 3000),
    cognitoPort: port("COGNITO_PORT", 9229),
    dynamoPort: port("DYNAMO_PORT", 8000),
    lambdaPort: port("LAMBDA_PORT", 9001),
    dataDir,
    settings: settingsFromEnv(process.env),
    distDir: join(root, "dist"),
  });
  const { stop, mailbox: _mailbox, apiClientSecret: _secret, selfServiceClientSecret: _selfServiceSecret, ...info } = stack;
  // The mail of earlier runs, and from now on kept beside the users: a restart loses neither.
  const mailboxFile = join(dataDir, "mailbox.json");
  stack.mailbox.keepIn(mailboxFile, dataDir);
  // Handlers before the lines that say the stack is ready: a tool may send a signal as soon as it reads them.
  let stopping = false;
  const shutdown = async () => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait for a stuck server
    stopping = true;
    console.log("stopping...");
    await stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  console.log(`Local stack running (Ctrl-C stops it):
  pages                ${stack.apiUrl}/signup, /login, /account, ...
  API                  ${stack.apiUrl}/api/auth/...   docs: ${stack.apiUrl}/api/docs
  mailbox              ${stack.apiUrl}/_local/mailbox/{email}  (JSON; add /view to see the emails)
  cognito-local        ${stack.cognitoUrl}   user pool ${stack.userPoolId}, API client ${stack.apiClientId}, Hosted UI client ${stack.hostedUiClientId}, self-service client ${stack.selfServiceClientId}
  trigger Lambdas      ${stack.lambdaUrl}   (dist/triggers/*.js)
  dynalite             ${stack.dynamoUrl}   (rate-limit and audit tables)`);
  console.log(settingsBanner(process.env, stack.apiUrl, mailboxFile));
  if (process.env.LOCAL_STACK_READY_JSON === "1") console.log(`LOCAL_STACK_READY ${JSON.stringify(info)}`);
}

main().catch((error) => {
  console.error(`The local stack could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
