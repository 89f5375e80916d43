/**
 * The static files' contents when bundled: scripts/build.mjs replaces this module with
 * one that inlines every file of web/asset-files.ts (the API's Lambda carries no asset files).
 * From source (tsx, jest) it is null and the files are read from disk.
 */
export const EMBEDDED_ASSETS: Readonly<Record<string, string>> | null = null;
