/**
 * Builds the password dictionary during the Lambda init phase (which has its own
 * time budget and full CPU) so the first sign-up does not pay for it.
 */
import { checkPasswordStrength } from "../../policies/password";

export function warmPasswordCheck(): void {
  checkPasswordStrength("warm-up");
}
