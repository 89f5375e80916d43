// @zxcvbn-ts/language-common ships its keyboard adjacency graphs as a CommonJS module of
// { qwerty, keypad, ... }: key -> neighbours in fixed direction order, each "unshifted+shifted" or null.
declare module "@zxcvbn-ts/language-common/dist/adjacencyGraphs.json.cjs" {
  const graphs: Record<string, Record<string, Array<string | null>>>;
  export = graphs;
}
