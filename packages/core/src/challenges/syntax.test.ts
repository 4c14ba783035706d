import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGuid, parseTimestamp } from './syntax.js';

// What the engine's own parser makes of a timestamp cut to the 3 fractional digits it specifies.
function engineTime(value: string): number {
  const match = /^([^.]+?)(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!match) throw new Error(`not a timestamp: ${value}`);
  const [, base, fraction = '', offset] = match;
  return Date.parse(`${base}.${fraction.padEnd(3, '0').slice(0, 3)}${offset}`);
}

describe('parseTimestamp', () => {
  it('reads the documented form with 7 fractional digits and an offset', () => {
    expect(parseTimestamp('2019-09-18T00:52:45.9696658+00:00')?.toISOString()).toBe(
      '2019-09-18T00:52:45.969Z',
    );
  });

  it.each([
    ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T10:00:00.5Z', '2026-03-01T10:00:00.500Z'],
    ['2026-03-01T10:00:00.12-05:30', '2026-03-01T15:30:00.120Z'],
    ['2026-03-01T01:00:00+13:45', '2026-02-28T11:15:00.000Z'],
    ['2024-02-29T23:59:59.9999999Z', '2024-02-29T23:59:59.999Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['0099-12-31T00:00:00Z', '0099-12-31T00:00:00.000Z'],
  ])('reads %s as %s', (value, iso) => {
    expect(parseTimestamp(value)?.toISOString()).toBe(iso);
  });

  it.each([
    '2026-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-13-10T00:00:00Z',
    '2026-01-00T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T00:60:00Z',
    '2026-01-01T00:00:60Z',
    '2026-01-01T00:00:00+24:00',
    '2026-01-01T00:00:00+01:60',
    '2026-01-01T00:00:00.12345678Z',
    '2026-01-01T00:00:00',
    '2026-01-01 00:00:00Z',
    ' 2026-01-01T00:00:00Z',
    '',
  ])('refuses %j', (value) => {
    expect(parseTimestamp(value)).toBeUndefined();
  });

  it('agrees with the engine on every real date, fraction and offset', () => {
    const timestamp = fc
      .tuple(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.stringMatching(/^\d{0,7}$/),
        fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
      )
      .map(([date, fraction, offset]) => {
        const sign = offset < 0 ? '-' : '+';
        const hours = String(Math.trunc(Math.abs(offset) / 60)).padStart(2, '0');
        const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
        const zone = offset === 0 ? 'Z' : `${sign}${hours}:${minutes}`;
        return `${date.toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}${zone}`;
      });
    fc.assert(
      fc.property(timestamp, (value) => {
        expect(parseTimestamp(value)?.getTime()).toBe(engineTime(value));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isGuid', () => {
  it('accepts either case and refuses other shapes', () => {
    expect(isGuid('0BF30F3B-4A52-48df-9a82-234910c4a086')).toBe(true);
    expect(isGuid('0bf30f3b4a5248df9a82234910c4a086')).toBe(false);
    expect(isGuid('{0bf30f3b-4a52-48df-9a82-234910c4a086}')).toBe(false);
  });
});
