/** The country of a profile in the pages' languages (issue 17): French names and codes name the same country, stored in English. */
import { countryName, validateProfile } from "../../policies/profile";

test.each([
  ["Éthiopie", "Ethiopia"],
  ["ethiopie", "Ethiopia"],
  ["Somalie", "Somalia"],
  ["Érythrée", "Eritrea"],
  ["Soudan du Sud", "South Sudan"],
  ["Ouganda", "Uganda"],
  ["Kenya", "Kenya"],
  ["ET", "Ethiopia"],
  ["som", "Somalia"],
  ["SSD", "South Sudan"],
  ["États-Unis d’Amérique", "United States of America"],
])("%s is stored as %s", (given, stored) => {
  expect(countryName(given)).toBe(stored);
  expect(validateProfile({ name: "A", country: given })).toEqual({ ok: true, profile: { name: "A", country: stored } });
});

test("an unknown name or code is still refused, in any language", () => {
  for (const given of ["Kenia", "Wakanda", "ZZ", "ZZZ", "Narnie"]) expect([given, countryName(given)]).toEqual([given, undefined]);
});
