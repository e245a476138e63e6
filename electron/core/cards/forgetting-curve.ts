import type { ReviewKind } from '../domain/types.js';

const dayMs = 86_400_000;

/** A review as the curve needs it: when, what kind, and the stability it left (days). */
export interface CurveReview {
  reviewedAt: number;
  kind: ReviewKind;
  rating: number;
  stability: number;
}

export interface CurvePoint {
  /** Milliseconds since the epoch. */
  at: number;
  /** Predicted recall at `at`, 0–1. */
  retrievability: number;
}

/** A past answer on the curve: the recall predicted just before it (null for the first, which nothing came before). */
export interface CurveReviewMark {
  at: number;
  rating: number;
  retrievabilityBefore: number | null;
}

/**
 * A card's forgetting curve, as Anki's card info draws it: recall falls from
 * 100 % after each answer along FSRS's curve for the stability that answer
 * left, and jumps back at the next; it goes on past `now` to a little after
 * the card is due.
 */
export interface ForgettingCurve {
  now: number;
  points: CurvePoint[];
  reviews: CurveReviewMark[];
  /** Recall now, counted in whole days as FSRS counts it for the figure card info shows (the curve itself is continuous). */
  current: number;
}

/** Points across the whole curve, shared between its stretches by their length (each stretch gets two at least). */
const samples = 120;

/**
 * The curve of a card from its answers (oldest first). Answers that do not
 * change the memory state (cram, set due date, reset) are left out, as the
 * optimizer leaves them out; a reset card starts again at its first answer
 * after the reset. `recall(days, stability)` is the scheduler's forgetting
 * curve, so the chart and the retrievability figure are the same maths.
 * Null when the card has no memory state (new, or reset and not studied since).
 */
export function forgettingCurve(
  history: readonly CurveReview[],
  card: { stability: number; lastReview: number | null; due: number },
  now: number,
  recall: (elapsedDays: number, stability: number) => number,
): ForgettingCurve | null {
  if (card.lastReview === null || card.stability <= 0) return null;
  const lastReview = card.lastReview;
  // Answers up to the card's last review since its latest reset; the card's own state is the truth for the last.
  const answers = history.filter((h) => h.kind !== 'cram' && h.kind !== 'manual' && h.stability > 0 && h.reviewedAt <= lastReview);
  const resetAt = Math.max(-Infinity, ...history.filter((h) => h.kind === 'manual' && h.stability <= 0 && h.reviewedAt <= lastReview).map((h) => h.reviewedAt));
  const kept = answers.filter((h) => h.reviewedAt > resetAt);
  const stretches = kept.length > 0 ? kept.map((h) => ({ at: h.reviewedAt, stability: h.stability, rating: h.rating })) : [{ at: lastReview, stability: card.stability, rating: 0 }];
  const last = stretches[stretches.length - 1]!;
  if (last.at === lastReview) last.stability = card.stability;
  else stretches.push({ at: lastReview, stability: card.stability, rating: 0 });
  const first = stretches[0]!.at;
  const through = Math.max(now, card.due, lastReview + dayMs);
  const end = through + Math.max(dayMs, (through - first) * 0.1);
  const span = end - first;

  const points: CurvePoint[] = [];
  const reviews: CurveReviewMark[] = [];
  stretches.forEach((s, i) => {
    const to = stretches[i + 1]?.at ?? end;
    const before = i === 0 ? null : recall((s.at - stretches[i - 1]!.at) / dayMs, stretches[i - 1]!.stability);
    if (s.rating > 0) reviews.push({ at: s.at, rating: s.rating, retrievabilityBefore: before });
    const count = Math.max(2, Math.round((samples * (to - s.at)) / span));
    for (let k = 0; k <= count; k++) {
      const at = s.at + ((to - s.at) * k) / count;
      points.push({ at, retrievability: recall((at - s.at) / dayMs, s.stability) });
    }
  });
  return { now, points, reviews, current: recall(Math.max(0, Math.floor((now - lastReview) / dayMs)), card.stability) };
}
