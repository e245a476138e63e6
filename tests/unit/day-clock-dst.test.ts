import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOfDay, dayEnd, dayOfDate, dayStart, studyDay } from '../../electron/core/domain/day-clock.js';

/**
 * The study day on the days the clocks change, in zones pinned with TZ (this
 * file runs in its own process: vitest's pool is 'forks'). Each zone first
 * checks that the pin took, so the test cannot pass in the machine's zone.
 */
const originalTz = process.env.TZ;
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const hourMs = 3_600_000;

const zones = [
  {
    tz: 'America/New_York',
    // Winter UTC-5, summer UTC-4.
    offsets: { winter: 300, summer: 240 },
    spring: [2026, 3, 8] as const,
    autumn: [2026, 11, 1] as const,
  },
  {
    tz: 'Europe/Berlin',
    offsets: { winter: -60, summer: -120 },
    spring: [2026, 3, 29] as const,
    autumn: [2026, 10, 25] as const,
  },
];

for (const zone of zones) {
  describe(`study days in ${zone.tz}`, () => {
    beforeAll(() => {
      process.env.TZ = zone.tz;
    });

    it('is really in that zone', () => {
      expect(new Date(2026, 0, 15, 12).getTimezoneOffset()).toBe(zone.offsets.winter);
      expect(new Date(2026, 6, 15, 12).getTimezoneOffset()).toBe(zone.offsets.summer);
    });

    for (const [name, [y, m, d]] of [['spring', zone.spring], ['autumn', zone.autumn]] as const) {
      const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

      it(`${name} (${iso}): 04:30 belongs to the day, 03:59 to the day before (rollover 04:00)`, () => {
        expect(dateOfDay(studyDay(local(y, m, d, 4, 30), 4))).toBe(iso);
        expect(dateOfDay(studyDay(local(y, m, d, 4, 0), 4))).toBe(iso);
        expect(dateOfDay(studyDay(local(y, m, d, 3, 59), 4))).toBe(dateOfDay(dayOfDate(iso) - 1));
        expect(dateOfDay(studyDay(local(y, m, d, 23, 59), 4))).toBe(iso);
      });

      it(`${name} (${iso}): days start at local 04:00; the study day holding the 02:00 change lasts ${name === 'spring' ? 23 : 25} hours`, () => {
        const day = dayOfDate(iso);
        expect(dayStart(day, 4)).toBe(local(y, m, d, 4));
        expect(dayStart(day - 1, 4)).toBe(local(y, m, d - 1, 4));
        // The clocks change at 02:00-03:00 local, inside the study day that began the evening before.
        expect(dayEnd(day - 1, 4) - dayStart(day - 1, 4)).toBe((name === 'spring' ? 23 : 25) * hourMs);
        expect(dayEnd(day, 4) - dayStart(day, 4)).toBe(24 * hourMs);
      });

      it(`${name} (${iso}): every minute of the week around it maps into [dayStart, dayEnd) of its day, for every rollover hour`, () => {
        const from = local(y, m, d - 3, 0);
        for (const rollover of [0, 1, 2, 3, 4, 12, 23]) {
          for (let t = from; t < from + 7 * 24 * hourMs; t += 15 * 60_000) {
            const day = studyDay(t, rollover);
            expect(t >= dayStart(day, rollover) && t < dayEnd(day, rollover), `${new Date(t).toString()} rollover ${rollover}`).toBe(true);
          }
        }
      });
    }
  });
}
