import { describe, expect, it } from 'vitest';
import { createMemoryLedger, type LedgerEntry } from './ledger.js';

const hourMs = 60 * 60 * 1000;

function entry(subscriptionId: string, updatedAt: string): LedgerEntry {
  return { subscriptionId, lastEvent: 'reauthorizationRequired', updatedAt };
}

describe('createMemoryLedger', () => {
  it('returns what was put, as a copy that later changes to the input do not reach', () => {
    const ledger = createMemoryLedger();
    const input = { ...entry('a', '2026-11-20T10:00:00Z') };
    ledger.put('a', input);
    input.lastEvent = 'missed';
    expect(ledger.get('a')?.lastEvent).toBe('reauthorizationRequired');
    expect(Object.isFrozen(ledger.get('a'))).toBe(true);
    expect(ledger.get('b')).toBeUndefined();
  });

  it('expires entries by the injected clock', () => {
    let now = new Date('2026-11-20T10:00:00Z');
    const ledger = createMemoryLedger({ ttlMs: hourMs, now: () => now });
    ledger.put('a', entry('a', now.toISOString()));
    now = new Date(now.getTime() + hourMs - 1);
    expect(ledger.get('a')).toBeDefined();
    now = new Date(now.getTime() + 1);
    expect(ledger.get('a')).toBeUndefined();
    expect(ledger.list()).toEqual([]);
  });

  it('without a clock, expires entries once a write ttlMs later is seen', () => {
    const ledger = createMemoryLedger({ ttlMs: hourMs });
    ledger.put('a', entry('a', '2026-11-20T10:00:00Z'));
    ledger.put('b', entry('b', '2026-11-20T10:59:59Z'));
    expect(ledger.get('a')).toBeDefined();
    ledger.put('c', entry('c', '2026-11-20T11:00:00Z'));
    expect(ledger.get('a')).toBeUndefined();
    expect(ledger.list().map((stored) => stored.subscriptionId)).toEqual(['b', 'c']);
  });

  it('drops the least recently written entries beyond maxEntries', () => {
    const ledger = createMemoryLedger({ maxEntries: 2 });
    ledger.put('a', entry('a', '2026-11-20T10:00:00Z'));
    ledger.put('b', entry('b', '2026-11-20T10:00:01Z'));
    ledger.put('a', entry('a', '2026-11-20T10:00:02Z'));
    ledger.put('c', entry('c', '2026-11-20T10:00:03Z'));
    expect(ledger.list().map((stored) => stored.subscriptionId)).toEqual(['a', 'c']);
  });
});
