/** `npm start`'s banner says which settings are on and the limits a first try meets (issue 17). */
import { settingsBanner } from "../../local/start-banner";

test("by default: the CAPTCHA and concealment off, the default limits, where the mailbox is kept", () => {
  const banner = settingsBanner({}, "http://localhost:3000", ".local/mailbox.json");
  expect(banner).toMatch(/CAPTCHA on sign-up\s+off/);
  expect(banner).toMatch(/concealment\s+off/);
  expect(banner).toContain("5 sign-ups an hour from one address, 3 tries per emailed code");
  expect(banner).toContain("10 sign-ins per email in 15 minutes");
  expect(banner).toContain("http://localhost:3000/_local/mailbox");
  expect(banner).toContain(".local/mailbox.json");
});

test("what the environment turns on, and the limits it raises", () => {
  const banner = settingsBanner({ CAPTCHA_ON_REGISTER: "true", CONCEAL_EXISTING_ACCOUNTS: "true", RATE_LIMIT_REGISTER_PER_HOUR: "100", RATE_LIMIT_VERIFY_PER_HOUR: "20" }, "http://localhost:3000", "x");
  expect(banner).toMatch(/CAPTCHA on sign-up\s+on/);
  expect(banner).toMatch(/concealment\s+on/);
  expect(banner).toContain("100 sign-ups an hour from one address, 20 tries per emailed code");
});
