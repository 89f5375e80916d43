// @zxcvbn-ts/language-common ships the EFF diceware list as its own CommonJS module (module.exports = string[]).
declare module "@zxcvbn-ts/language-common/dist/diceware.json.cjs" {
  const words: string[];
  export = words;
}
