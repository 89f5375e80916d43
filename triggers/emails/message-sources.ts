/** The custom message trigger sources Cognito sends, and what each email is for. */
export const MESSAGE_SOURCES = [
  "CustomMessage_SignUp",
  "CustomMessage_ResendCode",
  "CustomMessage_ForgotPassword",
  "CustomMessage_AdminCreateUser",
  "CustomMessage_UpdateUserAttribute",
  "CustomMessage_VerifyUserAttribute",
  "CustomMessage_Authentication",
] as const;

export type MessageSource = (typeof MESSAGE_SOURCES)[number];

export function isMessageSource(value: string): value is MessageSource {
  return (MESSAGE_SOURCES as readonly string[]).includes(value);
}
