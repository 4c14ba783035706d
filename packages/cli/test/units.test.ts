// The small pieces behind the commands: the rate limiter (on a simulated clock), durations, the
// progress bar and the server logger's redaction.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRelative, parseDuration } from '../src/duration.js';
import { createSlidingWindow } from '../src/limiter.js';
import { createStyle } from '../src/output.js';
import { createProgress, renderBar } from '../src/progress.js';
import { createLogger, sanitise } from '../src/serve/logger.js';

describe('the sliding-window limiter', () => {
  it('never lets more than `limit` requests start within one window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 30 }),
        async (limit, windowMs, gaps) => {
          let now = 0;
          const sleep = async (ms: number) => {
            now += ms;
          };
          const limiter = createSlidingWindow({ limit, windowMs, now: () => now, sleep });
          const starts: number[] = [];
          for (const gap of gaps) {
            now += gap;
            await limiter.acquire();
            starts.push(now);
          }
          for (let index = 0; index + limit < starts.length; index += 1) {
            expect((starts[index + limit] ?? 0) - (starts[index] ?? 0)).toBeGreaterThanOrEqual(
              windowMs,
            );
          }
        },
      ),
    );
  });

  it('waits only as long as the oldest start needs to leave the window', async () => {
    let now = 0;
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      now += ms;
    };
    const limiter = createSlidingWindow({ limit: 2, windowMs: 20_000, now: () => now, sleep });
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(waits).toEqual([20_000]);
    expect(() => createSlidingWindow({ limit: 0, windowMs: 1 })).toThrow(RangeError);
  });
});

describe('durations', () => {
  it('reads 90m, 12h, 2d and 30s, and refuses anything else', () => {
    expect(['90m', '12h', '2d', '30s', '1.5h'].map((text) => parseDuration(text, 'd'))).toEqual([
      5_400_000, 43_200_000, 172_800_000, 30_000, 5_400_000,
    ]);
    for (const text of ['', '12', 'h', '0m', '-1h', '2 days', '1w']) {
      expect(() => parseDuration(text, 'expiring-within')).toThrow(/--expiring-within must be/);
    }
  });

  it('shows a time relative to now in two units', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const at = (ms: number) => formatRelative(new Date(now.getTime() + ms), now);
    expect([
      at(90 * 60_000),
      at(-3 * 86_400_000 - 7_200_000),
      at(30_000),
      at(86_400_000 + 60_000),
    ]).toEqual(['in 1h 30m', '3d 2h ago', 'in <1m', 'in 1d']);
  });
});

describe('the progress bar', () => {
  it('draws only on a terminal, and erases itself', () => {
    const written: string[] = [];
    const terminal = { isTTY: true, write: (text: string) => written.push(text) };
    const progress = createProgress(terminal, 'reauthorize', 4, () => 0);
    progress.update(4, { done: 3, failed: 1 });
    progress.clear();
    expect(written.join('')).toContain(
      'reauthorize [########################] 4/4  done 3  failed 1',
    );
    const pipe = { isTTY: false, write: (text: string) => written.push(text) };
    const before = written.length;
    createProgress(pipe, 'x', 10).update(10, {});
    expect(written.length).toBe(before);
    expect(renderBar('renew', 1, 4, { gone: 0 })).toBe('renew [######------------------] 1/4');
  });
});

describe('the server logger', () => {
  it('drops credential-like fields and redacts token-shaped text', () => {
    const jwt = `eyJhbGciOiJSUzI1NiJ9.${'eyJzdWIiOiJ4In0'}.c2lnbmF0dXJl`;
    expect(
      sanitise({
        event: 'e',
        clientState: 'abc',
        client_secret: 'xyz',
        accessToken: jwt,
        nested: { authorization: `Bearer ${jwt}`, note: `got ${jwt}` },
        tokenCount: 2,
        subscriptionId: 'id',
      }),
    ).toEqual({
      event: 'e',
      nested: { note: 'got [redacted-jwt]' },
      tokenCount: 2,
      subscriptionId: 'id',
    });
  });

  it('writes JSON lines, or readable lines on a terminal', () => {
    const lines: string[] = [];
    const stream = { write: (text: string) => lines.push(text) };
    const now = () => new Date('2026-12-01T10:11:12.000Z');
    const plain = createStyle(false);
    createLogger(stream, { pretty: false, style: plain, now }).warn({ event: 'lifeline.x', a: 1 });
    createLogger(stream, { pretty: true, style: plain, now }).info({ event: 'lifeline.y', b: 'c' });
    expect(lines).toEqual([
      '{"time":"2026-12-01T10:11:12.000Z","level":"warn","event":"lifeline.x","a":1}\n',
      '10:11:12 info  y b=c\n',
    ]);
  });
});
