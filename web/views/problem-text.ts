/** A problem's sentence in the page's language: its text with the wait, the support address and the reference filled in. */
import type { PageTexts } from "../locales";
import { localiseApiText } from "../locales/api-texts";
import type { Problem } from "../problems";

/** A duration in words: seconds under a minute, else whole minutes rounded up ("1 minute", "14 minutes"). */
export function duration(t: PageTexts, seconds: number): string {
  if (seconds < 60) {
    const n = Math.max(1, Math.ceil(seconds));
    return n === 1 ? t.units.second : t.units.seconds.replace("{n}", String(n));
  }
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? t.units.minute : t.units.minutes.replace("{n}", String(minutes));
}

export const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

export function problemText(t: PageTexts, lang: string, problem: Problem, supportEmail: string): { message: string; reasons: string[] } {
  let message = fill(t.problems[problem.id], { wait: duration(t, problem.wait ?? 60), support: supportEmail });
  if (problem.reference) message += ` ${fill(t.quoteReference, { reference: problem.reference })}`;
  return { message, reasons: (problem.reasons ?? []).map((reason) => localiseApiText(lang, reason)) };
}
