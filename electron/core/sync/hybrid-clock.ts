/**
 * A hybrid logical clock (Kulkarni et al.): wall-clock milliseconds plus a
 * counter, never going backwards and always ahead of every stamp received.
 * A device whose clock runs hours behind still stamps an edit made after it
 * saw another device's edit as the later one. Encoded so that string order is
 * time order; the device id breaks ties, so two stamps are never equal.
 */
export interface HlcStamp {
  ms: number;
  counter: number;
  device: string;
}

const msWidth = 15;
const counterWidth = 6;
/** The largest counter a stamp can carry: one more moves the stamp to the next millisecond instead. */
export const maxHlcCounter = 10 ** counterWidth - 1;

/**
 * How far ahead of this machine's clock a stamp from another device may be
 * and still count now. A stamp further ahead (a machine whose clock runs
 * fast, or a forged one from the year 2100) waits until this clock reaches
 * it (held-events.ts): it never wins early, and never drags this clock ahead.
 */
export const futureMarginMs = 5 * 60_000;

export function encodeHlc(s: HlcStamp): string {
  return `${String(s.ms).padStart(msWidth, '0')}-${String(s.counter).padStart(counterWidth, '0')}-${s.device}`;
}

const hlcPattern = /^(\d{15})-(\d{6})-([0-9a-f]{16})$/;

export function decodeHlc(text: string): HlcStamp | null {
  const m = hlcPattern.exec(text);
  if (!m) return null;
  return { ms: Number(m[1]), counter: Number(m[2]), device: m[3] as string };
}

export function isHlc(text: string): boolean {
  return hlcPattern.test(text);
}

export class HybridClock {
  private ms: number;
  private counter: number;

  /** `horizon`: the furthest a received stamp may move this clock (this machine's time plus the margin). */
  constructor(
    readonly device: string,
    last: HlcStamp | null = null,
    private readonly horizon: () => number = () => Number.POSITIVE_INFINITY,
  ) {
    this.ms = last?.ms ?? 0;
    this.counter = last?.counter ?? 0;
  }

  /** A stamp for a local event that happened at wall time `physical`; the counter never outgrows its digits. */
  tick(physical: number): string {
    if (physical > this.ms) {
      this.ms = physical;
      this.counter = 0;
    } else if (this.counter < maxHlcCounter) {
      this.counter += 1;
    } else {
      this.ms += 1;
      this.counter = 0;
    }
    return encodeHlc({ ms: this.ms, counter: this.counter, device: this.device });
  }

  /** Moves the clock past a stamp received from another device, unless that stamp lies beyond the horizon. */
  receive(stamp: string): void {
    const s = decodeHlc(stamp);
    if (!s || s.ms > this.horizon()) return;
    if (s.ms > this.ms || (s.ms === this.ms && s.counter > this.counter)) {
      this.ms = s.ms;
      this.counter = s.counter;
    }
  }

  get last(): HlcStamp {
    return { ms: this.ms, counter: this.counter, device: this.device };
  }
}
