/** At most this many trigrams per term: any subset of a term's trigrams still finds every card that holds the term. */
const maxTrigrams = 32;

/**
 * The full-text query (FTS5, trigram tokenizer, detail=none) that every card
 * matching a LIKE pattern (escape `\`) also matches: each literal run of three
 * or more characters between wildcards must occur in the text, so each of its
 * trigrams does. Null when the pattern has no such run (the index cannot help).
 * It only narrows: the LIKE itself is still checked on the stored text.
 */
export function trigramMatch(like: string): string | null {
  const runs: string[][] = [];
  let run: string[] = [];
  const chars = Array.from(like);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\' && i + 1 < chars.length) run.push(chars[++i]!);
    else if (c === '%' || c === '_') {
      runs.push(run);
      run = [];
    } else run.push(c);
  }
  runs.push(run);
  const trigrams = new Set<string>();
  for (const r of runs) {
    for (let i = 0; i + 3 <= r.length && trigrams.size < maxTrigrams; i++) trigrams.add(r.slice(i, i + 3).join(''));
  }
  if (trigrams.size === 0) return null;
  return [...trigrams].map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}
