import { createHash } from 'node:crypto';

/**
 * The number the due-date steps (load balancer, exam cap) know a card by:
 * made from its source deck and key, which every device shares, never from
 * the local row id, which differs between devices. So answering here and
 * replaying the same history on another device spread the card the same way.
 */
export function stableCardNumber(deck: string, key: string): number {
  return createHash('sha256').update(`${deck}\u0000${key}`).digest().readUInt32BE(0) & 0x7fffffff;
}
