/**
 * Keyboard walks: runs of three or more keys each next to the one before on a QWERTY
 * keyboard or a numeric keypad (qwerty, asdf, 1qaz2wsx, 7896321), shifted keys included
 * (!QAZ, @wsx). Guesses follow zxcvbn's estimate: starting keys × average neighbours ^ turns,
 * summed over lengths and turn counts, times the ways shift could be held (walkLog10).
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
/**
 * A walk may jump back to where its last straight stretch began, or to a key next to it, and run the same way again
 * (1qaz2wsx3edc4rfv, !QAZ2wsx#EDC4rfv: columns side by side; 1qaz!QAZ: the same column shifted), when each stretch is at least this long. Keyboard-walk
 * generators (hashcat's kwprocessor routes) and the leaked lists attackers run first hold such parallel walks, with
 * shift held for some stretches; a jump is priced as one more turn (which neighbour of the start it goes to).
 */
const MIN_PARALLEL_STRETCH = 3;

export function keyboardMatches(password: string): Match[] {
  const matches: Match[] = [];
  for (const kb of KEYBOARDS) {
    let start = 0;
    while (start < password.length - 1) {
      const walk = walkFrom(kb, password, start);
      if (walk.end - start >= MIN_WALK) {
        matches.push({ start, end: walk.end, kind: "keyboard", log10Guesses: walkLog10(kb, walk.end - start, walk.turns, walk.shifted, walk.shiftTurns) });
        start = walk.end;
      } else {
        start++;
      }
    }
  }
  return matches;
}

/** The longest walk from `start`: its end, turns (a jump counts as one), shifted keys and changes of shift. */
function walkFrom(kb: Keyboard, password: string, start: number): { end: number; turns: number; shifted: number; shiftTurns: number } {
  let end = start + 1;
  let turns = 0;
  let lastDirection = -1;
  let shiftedBefore = isShifted(kb, password[start]!);
  let shifted = shiftedBefore ? 1 : 0;
  let shiftTurns = 0;
  // The current straight stretch: where it began, and its one direction (-1 none yet, -2 it turned).
  let stretchStart = start;
  let stretchDirection = -1;
  // The walk as it stood before the last jump, kept until the stretch after it is long enough.
  let beforeJump: { end: number; turns: number; shifted: number; shiftTurns: number } | null = null;
  let jumpDirection = -1;
  while (end < password.length) {
    const ch = password[end]!;
    const direction = neighbourDirection(kb, password[end - 1]!, ch);
    if (direction !== null && !(beforeJump && direction !== jumpDirection)) {
      if (direction !== lastDirection) turns++;
      lastDirection = direction;
      stretchDirection = stretchDirection === -1 || stretchDirection === direction ? direction : -2;
    } else {
      // A jump to the stretch's first key (shifted or not: 1qaz!QAZ) or a neighbour of it, after a straight stretch long enough; a stretch after a
      // jump runs the same way as the one before it.
      const straight = stretchDirection >= 0 && end - stretchStart >= MIN_PARALLEL_STRETCH;
      if (!straight || (beforeJump && stretchDirection !== jumpDirection) || !nextTo(kb, password[stretchStart]!, ch)) break;
      beforeJump = { end, turns, shifted, shiftTurns };
      jumpDirection = stretchDirection;
      stretchStart = end;
      stretchDirection = -1;
      turns++;
    }
    const shiftedNow = isShifted(kb, ch);
    if (shiftedNow) shifted++;
    if (shiftedNow !== shiftedBefore) shiftTurns++;
    shiftedBefore = shiftedNow;
    end++;
  }
  // A stretch after a jump shorter than MIN_PARALLEL_STRETCH is not part of the walk.
  if (beforeJump && end - stretchStart < MIN_PARALLEL_STRETCH) return beforeJump;
  return { end, turns, shifted, shiftTurns };
}

/** Whether `to` is on the same key as `from` or a neighbouring one. */
function nextTo(kb: Keyboard, from: string, to: string): boolean {
  return unshift(kb, from) === unshift(kb, to) || neighbourDirection(kb, from, to) !== null;
}

/** Which of `from`'s neighbours `to` is (shifted or not), or null. */
function neighbourDirection(kb: Keyboard, from: string, to: string): number | null {
  const neighbours = kb.graph[from] ?? kb.graph[unshift(kb, from)];
  if (!neighbours) return null;
  for (let i = 0; i < neighbours.length; i++) if (neighbours[i]?.includes(to)) return i;
  return null;
}

/** A shifted character: the second of its key's pair ("!" on 1, "Q" on q). The graphs list both as keys. */
function isShifted(kb: Keyboard, ch: string): boolean {
  return kb.unshifted.has(ch);
}

function unshift(kb: Keyboard, ch: string): string {
  return kb.unshifted.get(ch) ?? ch;
}

/**
 * zxcvbn's count of walks of this length and turns; shift is priced by where it changes (held down for a stretch, as
 * people type !QAZ2wsx): whether the walk starts shifted, then the ways to place that many changes of shift.
 */
function walkLog10(kb: Keyboard, length: number, turns: number, shifted: number, shiftTurns: number): number {
  let guesses = 0;
  for (let i = 2; i <= length; i++) {
    for (let j = 1; j <= Math.min(turns, i - 1); j++) {
      guesses += choose(i - 1, j - 1) * kb.startingPositions * Math.pow(kb.averageDegree, j);
    }
  }
  let log10 = Math.log10(Math.max(guesses, 1));
  if (shifted > 0) log10 += Math.log10(2) + (shiftTurns > 0 ? log10SumOfChoices(length - 1, shiftTurns) : 0);
  return Math.max(log10, MIN_MATCH_LOG10);
}
