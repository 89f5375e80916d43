/**
 * The prefix of every resource's name: the project and the stack (not the `environment`
 * setting), in characters every AWS name accepts. Names Pulumi generates add a random
 * suffix to it; the one name written out (the dashboard's) is the prefix plus a word.
 */
import { PROJECT } from "./settings";

export function resourcePrefix(stack: string): string {
  return `${PROJECT}-${stack.replace(/[^A-Za-z0-9-]/g, "-")}`;
}
