/**
 * The prefix of every resource's name: the project and the stack (not the `environment`
 * setting), in characters every AWS name accepts. Names Pulumi generates add a random
 * suffix to it; the one name written out (the dashboard's) is the prefix plus a word.
 *
 * The stack name's length is bounded: Pulumi names a resource after its logical name
 * plus "-" and 7 random characters, and refuses one longer than AWS allows ("plus 7
 * random chars is longer than maximum length 64") in the middle of an `up`. The longest
 * is the post confirmation trigger's function, igad-auth-<stack>-post-confirmation-function,
 * against Lambda's 64 characters (test/infra/stack-names.test.ts checks every name; the pre
 * token generation function's name is written out, igad-auth-<stack>-pre-token-generation,
 * with no suffix).
 */
import { PROJECT } from "./settings";

/** Pulumi's autoname suffix: "-" and 7 random characters. */
export const AUTONAME_SUFFIX_LENGTH = 8;
/** The longest stack name whose resource names all fit AWS's limits. */
export const MAX_STACK_NAME_LENGTH = 19;

export function resourcePrefix(stack: string): string {
  if (stack.length > MAX_STACK_NAME_LENGTH) {
    throw new Error(
      `Stack name "${stack}" is ${stack.length} characters: the names built from it (e.g. ${PROJECT}-${stack}-post-confirmation-function plus Pulumi's random suffix) would be longer than AWS allows (64 for Lambda functions and IAM roles). Use a stack name of at most ${MAX_STACK_NAME_LENGTH} characters: \`pulumi stack init <shorter name>\`.`,
    );
  }
  return `${PROJECT}-${stack.replace(/[^A-Za-z0-9-]/g, "-")}`;
}
