/** Shared by the custom message tests: the recorded event for each source, and the handler as Lambda calls it. */
import type { CustomMessageTriggerEvent } from "aws-lambda";
import type { MessageSource } from "../../triggers/emails/message-sources";
import { loadEvent } from "../events/load";

/** A fresh copy of test/events/custom-message/<source>.json, e.g. CustomMessage_ForgotPassword → forgot-password. */
export function fixture(source: MessageSource): CustomMessageTriggerEvent {
  const file = source.replace("CustomMessage_", "").replace(/[A-Z]/g, (c, i: number) => (i ? "-" : "") + c.toLowerCase());
  return loadEvent<CustomMessageTriggerEvent>(`custom-message/${file}`);
}
