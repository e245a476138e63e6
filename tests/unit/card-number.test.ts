import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { stableCardNumber } from '../../electron/core/scheduling/card-number.js';

const plain = (deck: string, key: string) => createHash('sha256').update(`${deck}\u0000${key}`).digest().readUInt32BE(0) & 0x7fffffff;

describe('a card’s stable number', () => {
  it('is the first 31 bits of the SHA-256 of its deck and key, asked once, again, and after many other cards pushed it out', () => {
    const cards = Array.from({ length: 10_000 }, (_, i) => ({ deck: `deck-${i % 7}`, key: `k${i}` }));
    for (const round of [1, 2]) {
      for (const c of cards) expect(stableCardNumber(c.deck, c.key), `round ${round}`).toBe(plain(c.deck, c.key));
    }
    // Deck and key are kept apart: moving a character across the boundary is another card.
    expect(stableCardNumber('ab', 'c')).not.toBe(stableCardNumber('a', 'bc'));
  });
});
