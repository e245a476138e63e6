/**
 * The short quote the feedback shows from a card's passage: its first
 * sentence or excerpt (up to an elision mark), cut at a word near 200
 * characters. `more` says whether the whole passage holds anything else.
 */
export function passageQuote(passage: string): { quote: string; more: boolean } {
  const text = passage.trim();
  const firstExcerpt = text.split(' … ')[0] as string;
  const sentence = firstExcerpt.match(/^.+?[.!?](?=\s|$)/)?.[0] ?? firstExcerpt;
  let quote = sentence.length < 40 && firstExcerpt !== text ? text.split(' … ').slice(0, 2).join(' … ') : sentence;
  if (quote.length > 200) quote = `${quote.slice(0, quote.lastIndexOf(' ', 200))} …`;
  return { quote, more: quote !== text };
}
