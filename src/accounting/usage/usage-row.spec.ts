import { utcDay } from './usage-row.js';

describe('utcDay', () => {
  it('names the UTC day of any instant, whichever day was asked for before', () => {
    const midnight = Date.UTC(2026, 11, 6);
    const instants: Array<[number, string]> = [
      [midnight, '2026-12-06'],
      [midnight + 86_399_999, '2026-12-06'],
      [midnight + 86_400_000, '2026-12-07'],
      [midnight - 1, '2026-12-05'],
      [midnight + 5, '2026-12-06'],
      [Date.UTC(1999, 0, 1, 12), '1999-01-01'],
      [midnight + 43_200_000, '2026-12-06'],
    ];
    for (const [ms, day] of instants) expect(utcDay(ms)).toBe(day);
  });
});
