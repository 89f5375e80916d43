/**
 * Local-only: Cognito replaces every `{####}` (the code) and `{username}` in the message the
 * custom message trigger returns; cognito-local replaces only the first of each, so an email
 * with the code in its text and in its /verify link kept a literal `{####}` in the link.
 * This wraps cognito-local's trigger call and replaces the rest.
 */
import type { TriggersService } from "cognito-local/lib/services";

const CODE_PARAMETER = "{####}";
const USERNAME_PARAMETER = "{username}";

export function withEveryPlaceholderReplaced(triggers: TriggersService): void {
  const original = triggers.customMessage;
  const fill = (text: string | null, code: string, username: string) => (typeof text === "string" ? text.replaceAll(CODE_PARAMETER, code).replaceAll(USERNAME_PARAMETER, username) : text);
  const wrapped: typeof original = async (ctx, event) => {
    const result = await original(ctx, event);
    if (!result) return result;
    return { ...result, emailMessage: fill(result.emailMessage, event.code, event.username), smsMessage: fill(result.smsMessage, event.code, event.username) };
  };
  Object.defineProperty(triggers, "customMessage", { value: wrapped });
}
