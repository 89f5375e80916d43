/**
 * A command, as the SDK's: an operation name and the `input` it sends. `output` only carries the
 * output's type for `client.send`.
 */
import type { ResponseMetadata } from "./errors";

export interface Command<Input, Output> {
  readonly operation: string;
  readonly input: Input;
  /** Type only: never set. */
  readonly output?: Output;
}

export type CommandClass<Input, Output> = new (input: Input) => Command<Input, Output>;

/** A command class for one operation; the name is a string, not the class's name (minified away). */
export function commandClass<Input, Output>(operation: string): CommandClass<Input, Output> {
  return class {
    readonly operation = operation;
    constructor(readonly input: Input) {}
  };
}

export type OutputOf<C> = C extends Command<unknown, infer Output> ? Output & { $metadata: ResponseMetadata } : never;
