/**
 * Custom message trigger: a branded HTML email (and a short text message) for every
 * custom message source, in the person's language (`locale` attribute: French for
 * fr, fr-FR, fr_CA...; English otherwise). The person's name is escaped; Cognito's
 * code and username placeholders are kept verbatim for Cognito to fill in. With the
 * pages deployed (PAGES_BASE_URL), sign-up and resent codes also come as a /verify link.
 * A reset or resent code the API sends as a registration-attempt notice (clientMetadata,
 * emails/registration-notice.ts) is worded as that notice instead.
 *
 * AWS uses this text only when the pool sends email through SES (EmailSendingAccount
 * DEVELOPER); with Cognito's default sender its own template is used.
 */
import type { CustomMessageTriggerEvent, CustomMessageTriggerHandler } from "aws-lambda";
import { isMessageSource, type MessageSource } from "./emails/message-sources";
import { localeFor } from "./emails/locales";
import { MAX_EMAIL_LENGTH, MAX_SUBJECT_LENGTH, renderMessage } from "./emails/render-message";
import { verificationLinks } from "./emails/verification-link";
import { isRegistrationAttemptNotice, registrationNoticeLinks } from "./emails/registration-notice";
import type { AccountSettings } from "../policies/settings";
import { withErrorBoundary } from "./shared/errors";
import { countFunnel, FunnelMetric, logger, metrics, publishMetrics } from "./shared/observability";
import { MalformedEventError, readBaseEvent, readStringMap } from "./shared/event-shape";
import { triggerSettings } from "./shared/settings";

/** Cognito's placeholders look like {####} and {username}; anything else is not a real event. */
const PLACEHOLDER = /^\{[#\w]{1,30}\}$/;

export const handler: CustomMessageTriggerHandler = async (event) =>
  withErrorBoundary("CustomMessage", () => {
    try {
      return customMessage(event, triggerSettings());
    } finally {
      publishMetrics();
    }
  });

export function customMessage(event: CustomMessageTriggerEvent, settings: AccountSettings): CustomMessageTriggerEvent {
  const base = readBaseEvent(event);
  if (!base.triggerSource.startsWith("CustomMessage_")) throw new MalformedEventError("not a custom message event");
  if (!isMessageSource(base.triggerSource)) {
    // A source Cognito may add later: leave the response empty so Cognito sends its default
    // message. The value itself is not logged (a fixed set of known values is).
    logger.warn("unknown custom message source; Cognito's default message is used");
    return event;
  }
  const source = base.triggerSource;
  const request: Record<string, unknown> = event.request as unknown as Record<string, unknown>;
  const attributes = readStringMap(request.userAttributes, "userAttributes");
  const codeParameter = placeholder(request.codeParameter, "codeParameter");
  // Required for AdminCreateUser (the person must learn their username); ignored otherwise.
  const usernameParameter = source === "CustomMessage_AdminCreateUser" ? placeholder(request.usernameParameter, "usernameParameter") : undefined;
  // Two equal placeholders would each appear twice, and Cognito could not tell them apart.
  if (usernameParameter === codeParameter) throw new MalformedEventError("placeholders are equal");
  const locale = localeFor(attributes.locale);
  const notice = isRegistrationAttemptNotice(source, request.clientMetadata);

  const message = renderMessage({
    source,
    locale,
    productName: settings.productName,
    supportEmail: settings.supportEmail,
    name: attributes.name,
    codeParameter,
    usernameParameter,
    texts: notice ? locale.registrationAttempt[source] : undefined,
    links: notice
      ? registrationNoticeLinks(source, locale, settings.pagesBaseUrl, attributes.email, codeParameter)
      : verificationLinks(source, locale, settings.pagesBaseUrl, attributes.email, codeParameter),
  });
  if (message.emailMessage.length > MAX_EMAIL_LENGTH || message.emailSubject.length > MAX_SUBJECT_LENGTH) {
    throw new Error("rendered message over Cognito's limits");
  }
  event.response = { ...event.response, ...message };
  countRendered(source);
  // Whether it was the notice, never the metadata itself (a client's free-form map).
  logger.info("message rendered", { triggerSource: source, clientId: base.clientId, lang: locale.lang, registrationAttemptNotice: notice });
  return event;
}

function placeholder(value: unknown, what: string): string {
  if (typeof value !== "string" || !PLACEHOLDER.test(value)) throw new MalformedEventError(what);
  return value;
}

/** The funnel count, and one count per source (seven fixed values) for a breakdown. */
function countRendered(source: MessageSource): void {
  countFunnel(FunnelMetric.MessagesRendered);
  metrics.countNow(FunnelMetric.MessagesRendered, { triggerSource: source });
}
