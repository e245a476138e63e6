import { createHash } from 'node:crypto';

/** Numbers already made (a session's start asks for each card's number with its previews, an answer again): kept for this many cards. */
const rememberedCards = 4096;
const remembered = new Map<string, number>();

/**
 * The number the due-date steps (load balancer, exam cap) know a card by:
 * made from its source deck and key, which every device shares, never from
 * the local row id, which differs between devices. So answering here and
 * replaying the same history on another device spread the card the same way.
 */
export function stableCardNumber(deck: string, key: string): number {
  const name = `${deck}\u0000${key}`;
  let n = remembered.get(name);
  if (n === undefined) {
    n = createHash('sha256').update(name).digest().readUInt32BE(0) & 0x7fffffff;
    // The oldest goes first; a number made again is the same number.
    if (remembered.size >= rememberedCards) remembered.delete(remembered.keys().next().value as string);
    remembered.set(name, n);
  }
  return n;
}
