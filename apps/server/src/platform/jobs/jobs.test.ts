import { describe, expect, it } from 'vitest';
import { periods } from './jobs.js';

describe('job periods', () => {
  it('key hourly and daily runs by UTC hour and day', () => {
    const at = new Date('2026-11-25T14:59:59Z');
    expect(periods.hourly(at)).toBe('2026-11-25T14');
    expect(periods.daily(at)).toBe('2026-11-25');
  });
  it('give every instant inside one N-minute slot the same key, and the next slot another', () => {
    const every15 = periods.minutes(15);
    const start = Date.parse('2026-11-25T14:00:00Z');
    expect(every15(new Date(start))).toBe(every15(new Date(start + 14 * 60_000 + 59_999)));
    expect(every15(new Date(start))).not.toBe(every15(new Date(start + 15 * 60_000)));
  });
});
