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

  constructor(
    readonly device: string,
    last: HlcStamp | null = null,
  ) {
    this.ms = last?.ms ?? 0;
    this.counter = last?.counter ?? 0;
  }

  /** A stamp for a local event that happened at wall time `physical`. */
  tick(physical: number): string {
    if (physical > this.ms) {
      this.ms = physical;
      this.counter = 0;
    } else {
      this.counter += 1;
    }
    return encodeHlc({ ms: this.ms, counter: this.counter, device: this.device });
  }

  /** Moves the clock past a stamp received from another device. */
  receive(stamp: string): void {
    const s = decodeHlc(stamp);
    if (!s) return;
    if (s.ms > this.ms || (s.ms === this.ms && s.counter > this.counter)) {
      this.ms = s.ms;
      this.counter = s.counter;
    }
  }

  get last(): HlcStamp {
    return { ms: this.ms, counter: this.counter, device: this.device };
  }
}
