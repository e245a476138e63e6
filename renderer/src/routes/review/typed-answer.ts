/**
 * Type-in answers (Anki's `{{type:Field}}`): an imported card's front holds an
 * empty `<span class="type-answer">` where the learner types, its back the
 * same span holding the expected answer. What was typed is compared with it
 * character by character, as Anki shows it: the typed text with each
 * character right or wrong, and, when they differ, the expected text with
 * the characters that were missed.
 */
export interface DiffPart {
  text: string;
  /** 'good': in both; 'bad': typed but not expected; 'missed': expected but not typed. */
  kind: 'good' | 'bad' | 'missed';
}

export interface TypedComparison {
  exact: boolean;
  typed: DiffPart[];
  expected: DiffPart[];
}

const marker = /<span class="type-answer">([\s\S]*?)<\/span>/;
const markers = /<span class="type-answer">([\s\S]*?)<\/span>/g;

/** True when the card asks for its answer to be typed. */
export function asksTypedAnswer(frontHtml: string): boolean {
  return marker.test(frontHtml);
}

/** The expected answer on the back, as text (entities decoded), or null when the back holds none. */
export function expectedAnswer(backHtml: string): string | null {
  // A back that repeats the front ({{FrontSide}}) holds its empty box first: the answer is the last box with text.
  const found = [...backHtml.matchAll(markers)].map((m) => m[1] ?? '').filter(Boolean).at(-1);
  return found === undefined ? null : decodeEntities(found);
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' })[e] ?? '');
}

/** Texts longer than this are compared as whole strings (the character table grows with the product of the lengths). */
const maxCompareChars = 2000;

/** Compares typed with expected (surrounding whitespace ignored, as Anki does), by their longest common subsequence. */
export function compareTyped(typedRaw: string, expectedRaw: string): TypedComparison {
  const typed = [...typedRaw.trim()];
  const expected = [...expectedRaw.trim()];
  const exact = typed.join('') === expected.join('');
  if (exact) return { exact, typed: typed.length ? [{ text: typed.join(''), kind: 'good' }] : [], expected: [] };
  if (typed.length > maxCompareChars || expected.length > maxCompareChars) {
    return { exact, typed: typed.length ? [{ text: typed.join(''), kind: 'bad' }] : [], expected: [{ text: expected.join(''), kind: 'missed' }] };
  }
  // table[i][j]: the longest common subsequence of typed[i..] and expected[j..].
  const table = Array.from({ length: typed.length + 1 }, () => new Uint16Array(expected.length + 1));
  for (let i = typed.length - 1; i >= 0; i--) {
    for (let j = expected.length - 1; j >= 0; j--) {
      table[i]![j] = typed[i] === expected[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const typedParts: DiffPart[] = [];
  const expectedParts: DiffPart[] = [];
  const push = (parts: DiffPart[], text: string, kind: DiffPart['kind']) => {
    const last = parts.at(-1);
    if (last && last.kind === kind) last.text += text;
    else parts.push({ text, kind });
  };
  let i = 0;
  let j = 0;
  while (i < typed.length || j < expected.length) {
    if (i < typed.length && j < expected.length && typed[i] === expected[j]) {
      push(typedParts, typed[i]!, 'good');
      push(expectedParts, expected[j]!, 'good');
      i++;
      j++;
    } else if (j < expected.length && (i >= typed.length || table[i]![j + 1]! >= table[i + 1]![j]!)) {
      push(expectedParts, expected[j]!, 'missed');
      j++;
    } else {
      push(typedParts, typed[i]!, 'bad');
      i++;
    }
  }
  return { exact, typed: typedParts, expected: expectedParts };
}
