/**
 * Custom message trigger: a branded HTML email (and a short text message) for every
 * custom message source, in the person's language (`locale` attribute: French for
 * fr, fr-FR, fr_CA...; English otherwise). The person's name is escaped; Cognito's
 * code and username placeholders are kept verbatim for Cognito to fill in.
 *
 * AWS uses this text only when the pool sends email through SES (EmailSendingAccount
 * DEVELOPER); with Cognito's default sender its own template is used.
 */
import type { CustomMessageTriggerEvent, CustomMessageTriggerHandler } from "aws-lambda";
import { isMessageSource } from "./emails/message-sources";
import { localeFor } from "./emails/locales";
import { MAX_EMAIL_LENGTH, MAX_SUBJECT_LENGTH, renderMessage } from "./emails/render-message";
import type { AccountSettings } from "../policies/settings";
import { withErrorBoundary } from "./shared/errors";
import { countFunnel, FunnelMetric, logger, metrics } from "./shared/observability";
import { MalformedEventError, readBaseEvent, readStringMap } from "./shared/event-shape";
import { triggerSettings } from "./shared/settings";

/** Cognito's placeholders look like {####} and {username}; anything else is not a real event. */
const PLACEHOLDER = /^\{[#\w]{1,30}\}$/;

export const handler: CustomMessageTriggerHandler = async (event) =>
  withErrorBoundary("CustomMessage", () => {
    try {
      return customMessage(event, triggerSettings());
    } finally {
      metrics.publishStoredMetrics();
    }
  });

export function customMessage(event: CustomMessageTriggerEvent, settings: AccountSettings): CustomMessageTriggerEvent {
  const base = readBaseEvent(event);
  if (!isMessageSource(base.triggerSource)) {
    logger.warn("unexpected trigger source", { triggerSource: base.triggerSource });
    return event;
  }
  const attributes = readStringMap(event.request.userAttributes, "userAttributes");
  const codeParameter = event.request.codeParameter;
  if (typeof codeParameter !== "string" || !PLACEHOLDER.test(codeParameter)) throw new MalformedEventError("codeParameter");
  const usernameParameter = event.request.usernameParameter ?? undefined;
  if (usernameParameter !== undefined && (typeof usernameParameter !== "string" || !PLACEHOLDER.test(usernameParameter))) {
    throw new MalformedEventError("usernameParameter");
  }

  const message = renderMessage({
    source: base.triggerSource,
    locale: localeFor(attributes.locale),
    productName: settings.productName,
    supportEmail: settings.supportEmail,
    name: attributes.name,
    codeParameter,
    usernameParameter,
  });
  if (message.emailMessage.length > MAX_EMAIL_LENGTH || message.emailSubject.length > MAX_SUBJECT_LENGTH) {
    throw new Error("rendered message over Cognito's limits");
  }
  event.response = { ...event.response, ...message };
  countFunnel(FunnelMetric.MessagesRendered);
  logger.info("message rendered", { triggerSource: base.triggerSource, clientId: base.clientId, lang: localeFor(attributes.locale).lang });
  return event;
}
