/**
 * Reading a resource's properties during `pulumi preview`, when ids, ARNs and names of
 * resources not yet created are unknown. The policy SDK hands guardrails a proxy that
 * throws its UnknownValueError on reading an unknown value; left uncaught, the engine
 * turns the whole guardrail into an advisory "can't run during preview". Guardrails read
 * through `read` instead and decide with what is known (often the property dependencies:
 * which resource an unknown value comes from).
 */

/** A value a preview does not know yet. */
export const UNKNOWN: unique symbol = Symbol("unknown until the update");
export type Known<T> = T | typeof UNKNOWN;

/** The SDK's error, recognised by its shape (the pack may load its own copy of the SDK). */
function isUnknownValueError(e: unknown): boolean {
  return e instanceof Error && "unknownTypeSentinel" in e;
}

export function read<T>(get: () => T): Known<T> {
  try {
    return get();
  } catch (e) {
    if (isUnknownValueError(e)) return UNKNOWN;
    throw e;
  }
}

/** Every string in a value, read deeply; unknown strings are left out. */
export function knownStrings(get: () => unknown): string[] {
  const found: string[] = [];
  const walk = (value: Known<unknown>): void => {
    if (value === UNKNOWN) return;
    if (typeof value === "string") found.push(value);
    else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) walk(read(() => value[i]));
    else if (value !== null && typeof value === "object") for (const key of Object.keys(value)) walk(read(() => (value as Record<string, unknown>)[key]));
  };
  walk(read(get));
  return found;
}
