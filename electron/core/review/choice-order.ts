/*
 * The order in which a choice card shows its options. Files keep their own
 * order (and the answer keeps pointing at file indexes); the learner sees a
 * shuffle seeded by card and study day, so a reload or an undo shows the same
 * order, tomorrow's review a new one, and position is never the clue.
 * Options that speak of the other options ("All of the above", "None of
 * these") only make sense last, and stay there in file order; an answer that
 * merely starts with "Both" ("Both AWS and the customer") moves like any other,
 * or its fixed place would give it away. True/False keeps its familiar order.
 */

const staysLast = /\b(of the above|of these|of them)\b/i;

export function choiceDisplayOrder(cardId: number, day: number, options: readonly string[]): number[] {
  const indexes = options.map((_, i) => i);
  if (options.length === 2 && options[0] === 'True' && options[1] === 'False') return indexes;
  const movable = indexes.filter((i) => !staysLast.test(options[i] as string));
  const last = indexes.filter((i) => staysLast.test(options[i] as string));
  const random = mulberry32(mix(cardId, day));
  for (let i = movable.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [movable[i], movable[j]] = [movable[j] as number, movable[i] as number];
  }
  return [...movable, ...last];
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  return Math.imul(h, 0x27d4eb2f) >>> 0;
}

/** A small, well-mixed 32-bit generator: enough to shuffle eight options. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
