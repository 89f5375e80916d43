/**
 * The password evaluation corpus the quality figures are measured on is what `npm run data:corpus`
 * generates today, byte for byte (test/password-corpus/generate.ts). It depends on the shipped
 * dictionary: a new dictionary without a new corpus (and new figures) fails here, naming the fix.
 */
import { readFileSync } from "node:fs";
import dictionaryAbout from "../../policies/password/data/dictionary.json";
import { CORPUS_FILE, generateCorpus } from "../password-corpus/generate";

// Reads the published word lists (a few seconds; more on a loaded 2-core machine).
jest.setTimeout(120_000);

const committed = readFileSync(CORPUS_FILE, "utf8");

test("the corpus was generated against the shipped dictionary filter", () => {
  // Assess
  const { dictionaryFilterSha256 } = JSON.parse(committed) as { dictionaryFilterSha256?: string };
  expect({ dictionaryFilterSha256, fix: "npm run data:corpus, then re-measure docs/password-check.md's figures" }).toEqual({
    dictionaryFilterSha256: dictionaryAbout.filterSha256,
    fix: "npm run data:corpus, then re-measure docs/password-check.md's figures",
  });
});

test("npm run data:corpus regenerates the committed corpus byte for byte", () => {
  // Act
  const generated = generateCorpus();
  // Assess: compared as text, so a difference in formatting fails too
  expect(generated === committed).toBe(true);
});
