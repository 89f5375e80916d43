/**
 * cognito-local is built on the AWS SDK v2, which prints an end-of-support notice when
 * loaded. It says nothing about this project (our code uses v3), so `npm start` hides it.
 * Imported first by local/start.ts, before anything loads cognito-local.
 */
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= "1";
export {};
