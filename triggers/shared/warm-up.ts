/**
 * Runs one password check during the Lambda init phase (which has its own time budget
 * and full CPU) so the first sign-up does not pay for decoding the dictionary filter and
 * the letter model, or for compiling the matchers.
 */
import { checkPasswordStrength } from "../../policies/password";

export function warmPasswordCheck(): void {
  checkPasswordStrength("Warm-up 2024!");
}
