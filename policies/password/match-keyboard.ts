/**
 * Keyboard walks: runs of three or more keys each next to the one before on a QWERTY
 * keyboard or a numeric keypad (qwerty, asdf, 1qaz2wsx, 7896321). Guesses follow
 * zxcvbn's estimate: starting keys × average neighbours ^ turns, summed over lengths
 * and turn counts, times the ways shifted keys could be placed.
 */
import adjacencyGraphs from "@zxcvbn-ts/language-common/dist/adjacencyGraphs.json.cjs";
import { choose, log10SumOfChoices, MIN_MATCH_LOG10, type Match } from "./match";

/** For each key, its neighbours in a fixed direction order; each neighbour is "unshifted+shifted" or null. */
type AdjacencyGraph = Record<string, Array<string | null>>;

interface Keyboard {
  graph: AdjacencyGraph;
  /** Shifted character → its key, e.g. "!" → "1". */
  unshifted: Map<string, string>;
  startingPositions: number;
  averageDegree: number;
}

function keyboard(graph: AdjacencyGraph): Keyboard {
  const keys = Object.keys(graph);
  const degrees = keys.map((k) => graph[k]!.filter(Boolean).length);
  const unshifted = new Map<string, string>();
  for (const neighbours of Object.values(graph)) {
    for (const pair of neighbours) if (pair && pair.length === 2) unshifted.set(pair[1]!, pair[0]!);
  }
  return { graph, unshifted, startingPositions: keys.length, averageDegree: degrees.reduce((a, b) => a + b, 0) / keys.length };
}

const graphs = adjacencyGraphs as Record<string, AdjacencyGraph>;
const KEYBOARDS: readonly Keyboard[] = [keyboard(graphs.qwerty!), keyboard(graphs.keypad!)];

const MIN_WALK = 3;

export function keyboardMatches(password: string): Match[] {
  const matches: Match[] = [];
  for (const kb of KEYBOARDS) {
    let start = 0;
    while (start < password.length - 1) {
      let end = start + 1;
      let turns = 0;
      let lastDirection = -1;
      let shifted = isShifted(kb, password[start]!) ? 1 : 0;
      while (end < password.length) {
        const direction = neighbourDirection(kb, password[end - 1]!, password[end]!);
        if (direction === null) break;
        if (direction.index !== lastDirection) turns++;
        lastDirection = direction.index;
        if (direction.shifted) shifted++;
        end++;
      }
      if (end - start >= MIN_WALK) {
        matches.push({ start, end, kind: "keyboard", log10Guesses: walkLog10(kb, end - start, turns, shifted) });
        start = end;
      } else {
        start++;
      }
    }
  }
  return matches;
}

function neighbourDirection(kb: Keyboard, from: string, to: string): { index: number; shifted: boolean } | null {
  const neighbours = kb.graph[from] ?? kb.graph[unshift(kb, from)];
  if (!neighbours) return null;
  for (let i = 0; i < neighbours.length; i++) {
    const pair = neighbours[i];
    if (!pair) continue;
    const at = pair.indexOf(to);
    if (at >= 0) return { index: i, shifted: at === 1 };
  }
  return null;
}

function isShifted(kb: Keyboard, ch: string): boolean {
  return kb.graph[ch] === undefined && unshift(kb, ch) !== ch;
}

function unshift(kb: Keyboard, ch: string): string {
  return kb.unshifted.get(ch) ?? ch;
}

function walkLog10(kb: Keyboard, length: number, turns: number, shifted: number): number {
  let guesses = 0;
  for (let i = 2; i <= length; i++) {
    for (let j = 1; j <= Math.min(turns, i - 1); j++) {
      guesses += choose(i - 1, j - 1) * kb.startingPositions * Math.pow(kb.averageDegree, j);
    }
  }
  let log10 = Math.log10(Math.max(guesses, 1));
  const unshifted = length - shifted;
  if (shifted > 0) log10 += unshifted === 0 ? Math.log10(2) : log10SumOfChoices(length, Math.min(shifted, unshifted));
  return Math.max(log10, MIN_MATCH_LOG10);
}

