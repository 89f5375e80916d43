// altcha-lib publishes its types through package.json "exports", which this project's
// TypeScript resolution ("moduleResolution": "node") does not read; at run time Node,
// jest and esbuild resolve the same names through "exports" to the CommonJS build.
declare module "altcha-lib" {
  export * from "altcha-lib/dist/cjs/v2/index";
}
declare module "altcha-lib/algorithms/pbkdf2" {
  export * from "altcha-lib/dist/cjs/v2/algorithms/pbkdf2";
}
