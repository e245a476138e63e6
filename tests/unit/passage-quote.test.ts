import { describe, expect, it } from 'vitest';
import { passageQuote } from '../../renderer/src/routes/review/passage-quote.js';

describe('the short quote of a passage', () => {
  it.each([
    ['one short sentence is all of it', 'Encrypting application data', { quote: 'Encrypting application data', more: false }],
    ['the first of several sentences', 'AWS handles the OS. Customers manage their data.', { quote: 'AWS handles the OS.', more: true }],
    ['a heading and its item stay together', 'Your Responsibility: … Access Advisor', { quote: 'Your Responsibility: … Access Advisor', more: false }],
    ['the first excerpt of several', 'Customers keep complete control over their content. … Which country that content is stored in', { quote: 'Customers keep complete control over their content.', more: true }],
  ])('%s', (_name, passage, expected) => {
    expect(passageQuote(passage)).toEqual(expected);
  });

  it('cuts a long sentence at a word near 200 characters', () => {
    const long = `${'word '.repeat(60)}end.`;
    const { quote, more } = passageQuote(long);
    expect(quote.length).toBeLessThanOrEqual(202);
    expect(quote.endsWith(' …')).toBe(true);
    expect(more).toBe(true);
  });
});
