/** Jest runs TypeScript through ts-jest; type errors are caught by `npm run typecheck`, so tests transpile only. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  setupFiles: ["<rootDir>/test/setup-env.js"],
  restoreMocks: true,
  testTimeout: 30000,
};
