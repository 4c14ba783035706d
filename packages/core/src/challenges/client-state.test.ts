import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientStateMatches } from './client-state.js';

describe('clientStateMatches', () => {
  it('matches equal values, including non-ASCII ones', () => {
    expect(clientStateMatches('secretClientValue', 'secretClientValue')).toBe(true);
    expect(clientStateMatches('clé-秘密-🔑', 'clé-秘密-🔑')).toBe(true);
  });

  it.each([
    ['a different value of the same length', 'secretClientValue', 'secretClientValuf'],
    ['a prefix', 'secretClientValue', 'secret'],
    ['a longer value', 'secret', 'secretClientValue'],
    ['a value repeating the secret', 'abc', 'abcabc'],
    ['a different case', 'Secret', 'secret'],
  ])('does not match %s', (_name, expected, actual) => {
    expect(clientStateMatches(expected, actual)).toBe(false);
  });

  it.each([
    [undefined, 'x'],
    ['x', undefined],
    [null, 'x'],
    ['x', null],
    ['', ''],
    [undefined, undefined],
    [null, null],
  ])('never matches a missing or empty value (%j, %j)', (expected, actual) => {
    expect(clientStateMatches(expected, actual)).toBe(false);
  });

  it("compares with each call's own secret when the secret changes between calls", () => {
    expect(clientStateMatches('first-secret', 'first-secret')).toBe(true);
    expect(clientStateMatches('second-secret', 'first-secret')).toBe(false);
    expect(clientStateMatches('second-secret', 'second-secret')).toBe(true);
    expect(clientStateMatches('first-secret', 'second-secret')).toBe(false);
  });

  it('agrees with string equality for any non-empty strings', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (expected, actual) => {
        expect(clientStateMatches(expected, actual)).toBe(expected === actual);
        expect(clientStateMatches(expected, expected)).toBe(true);
      }),
    );
  });
});
