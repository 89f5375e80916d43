/** The API's structured logger: method, path, status, request id. Never a body, a password, a code or a token. */
import { createLogger } from "../triggers/shared/structured-log";

export const logger = createLogger("auth-api");
