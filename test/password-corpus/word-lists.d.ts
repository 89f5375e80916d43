// @zxcvbn-ts/language-common ships the EFF diceware list as its own CommonJS module (module.exports = string[]).
declare module "@zxcvbn-ts/language-common/dist/diceware.json.cjs" {
  const words: string[];
  export = words;
}
// an-array-of-*-words export their list as JSON (module.exports = string[]).
declare module "an-array-of-french-words" {
  const words: string[];
  export = words;
}
declare module "an-array-of-spanish-words" {
  const words: string[];
  export = words;
}
