import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClock } from './clock.js';
import { nextChallengeAt } from './lifecycle/schedule.js';

describe('createClock', () => {
  it('fires timers in due order, each at its own time, while advancing', () => {
    const clock = createClock({ frozen: true, start: '2026-01-01T00:00:00Z' });
    const seen: string[] = [];
    clock.at(new Date('2026-01-01T00:10:00Z'), () => seen.push(`b ${clock.now().toISOString()}`));
    clock.at(new Date('2026-01-01T00:05:00Z'), () => {
      seen.push(`a ${clock.now().toISOString()}`);
      clock.at(new Date('2026-01-01T00:07:00Z'), () => seen.push(`c ${clock.now().toISOString()}`));
    });
    const cancel = clock.at(new Date('2026-01-01T00:06:00Z'), () => seen.push('cancelled'));
    cancel();
    expect(clock.advance(15 * 60_000).toISOString()).toBe('2026-01-01T00:15:00.000Z');
    expect(seen).toEqual([
      'a 2026-01-01T00:05:00.000Z',
      'c 2026-01-01T00:07:00.000Z',
      'b 2026-01-01T00:10:00.000Z',
    ]);
  });

  it('fires nothing when set backwards, and refuses to advance by a negative amount', () => {
    const clock = createClock({ frozen: true, start: '2026-01-01T00:00:00Z' });
    let fired = false;
    clock.at(new Date('2025-12-31T23:00:00Z'), () => {
      fired = true;
    });
    clock.set('2025-12-31T22:00:00Z');
    expect(fired).toBe(false);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.set('not a date')).toThrow(RangeError);
  });

  it('follows the wall clock plus an offset when not frozen', () => {
    let wall = 1_000_000;
    const clock = createClock({ start: new Date(5_000_000), wallClock: () => wall });
    wall += 250;
    expect(clock.now().getTime()).toBe(5_000_250);
    clock.advance(1000);
    wall += 10;
    expect(clock.now().getTime()).toBe(5_001_260);
    clock.dispose();
  });
});

describe('nextChallengeAt', () => {
  const minute = 60_000;
  const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * minute);

  it('follows the documented branches', () => {
    expect(nextChallengeAt(at(0), at(60))).toEqual(at(15));
    expect(nextChallengeAt(at(50), at(60))).toBeUndefined();
    expect(nextChallengeAt(at(0), at(24 * 60))).toEqual(at(24 * 60 - 720));
    expect(nextChallengeAt(at(0), at(12 * 60))).toEqual(at(90));
    expect(nextChallengeAt(at(61), at(60))).toBeUndefined();
  });

  it('never schedules in the past or after the authorization lapses', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: -100, max: 100_000 }),
        (now, left) => {
          const next = nextChallengeAt(at(now), at(now + left));
          if (next === undefined) return;
          expect(next.getTime()).toBeGreaterThan(at(now).getTime());
          expect(next.getTime()).toBeLessThanOrEqual(at(now + left).getTime());
        },
      ),
    );
  });

  it('sends challenges ever closer together, ending with 15-minute steps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), (left) => {
        const until = at(left);
        let now = at(0);
        let previous = Number.POSITIVE_INFINITY;
        for (let next = nextChallengeAt(now, until); next; next = nextChallengeAt(now, until)) {
          const gap = next.getTime() - now.getTime();
          if (now > at(left - 720)) expect(gap).toBeLessThanOrEqual(previous);
          previous = now > at(left - 720) ? gap : previous;
          now = next;
        }
        expect(until.getTime() - now.getTime()).toBeLessThan(15 * minute + 1);
      }),
    );
  });
});
