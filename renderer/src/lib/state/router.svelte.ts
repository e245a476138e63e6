import type { StudySession } from '../../../../electron/api/wire-types';

export const mainScreens = ['today', 'decks', 'browse', 'line', 'cram', 'practice', 'stats', 'import', 'settings'] as const;
export type MainScreen = (typeof mainScreens)[number];

export interface ReviewRequest {
  title: string;
  session: StudySession;
  /** Set for cram sessions: answers are logged as cram, and count only if asked. */
  cram?: { countTowardSchedule: boolean; repeatMissed: boolean; timeLimitMs?: number | undefined } | undefined;
  /** Where Escape and "Done" return to. */
  returnTo: MainScreen;
}

/** Screens live in the URL hash (#/decks, #/decks/<id>) so Back works; a review session lives in memory. */
class Router {
  screen = $state<MainScreen>('today');
  detail = $state<string | null>(null);
  review = $state<ReviewRequest | null>(null);

  constructor() {
    // Each screen opens at its top, Back included: the browser would put back the last screen's scroll.
    if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
    this.read();
    window.addEventListener('hashchange', () => this.read());
  }

  private read(): void {
    const [, name, detail] = window.location.hash.split('/');
    const screen = (mainScreens as readonly string[]).includes(name ?? '') ? (name as MainScreen) : 'today';
    const next = detail ? decodeURIComponent(detail) : null;
    const moved = screen !== this.screen || next !== this.detail || this.review !== null;
    this.screen = screen;
    this.detail = next;
    this.review = null;
    if (moved) toTop();
  }

  go(screen: MainScreen, detail: string | null = null): void {
    const hash = `#/${screen}${detail ? `/${encodeURIComponent(detail)}` : ''}`;
    if (window.location.hash === hash) this.read();
    else window.location.hash = hash;
  }

  startReview(request: ReviewRequest): void {
    this.review = request;
    toTop();
  }

  endReview(): void {
    const to = this.review?.returnTo ?? 'today';
    this.review = null;
    this.go(to);
  }
}

/** A new screen starts at its top: the scroll position of the one before means nothing on it. */
function toTop(): void {
  window.scrollTo({ top: 0, left: 0, behavior: 'instant' });
}

export const router = new Router();
