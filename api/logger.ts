/** The API's structured logger: method, path, status, request id. Never a body, a password, a code or a token. */
import { Logger } from "@aws-lambda-powertools/logger";

export const logger = new Logger({ serviceName: "auth-api" });
