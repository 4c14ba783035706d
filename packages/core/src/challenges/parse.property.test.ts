// Property tests: the parser is total over arbitrary input and loses nothing valid.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNotificationCollection } from './parse.js';

const guid = fc.uuid();
const timestamp = fc
  .tuple(
    fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.stringMatching(/^\d{0,7}$/),
    fc.constantFrom('Z', '+00:00', '-05:00', '+13:45'),
  )
  .map(([date, fraction, offset]) => {
    const base = date.toISOString().slice(0, 19);
    return `${base}${fraction ? `.${fraction}` : ''}${offset}`;
  });
const optionalString = fc.option(fc.string({ maxLength: 255 }), { nil: null });

const lifecycleItem = fc.record(
  {
    subscriptionId: guid,
    tenantId: guid,
    clientState: optionalString,
    subscriptionExpirationDateTime: timestamp,
    lifecycleEvent: fc.oneof(
      fc.constantFrom('reauthorizationRequired', 'subscriptionRemoved', 'missed'),
      fc.string({ minLength: 1, maxLength: 64 }),
    ),
    extra: fc.jsonValue(),
  },
  { requiredKeys: ['subscriptionId', 'lifecycleEvent'] },
);

const changeItem = fc.record(
  {
    subscriptionId: guid,
    tenantId: guid,
    clientState: optionalString,
    changeType: fc.constantFrom('created', 'updated', 'deleted', 'unknownFutureValue'),
    resource: fc.string({ maxLength: 200 }),
    resourceData: fc.jsonValue(),
  },
  { requiredKeys: ['subscriptionId', 'changeType'] },
);

function expectResult(body: unknown): void {
  const result = parseNotificationCollection(body);
  expect(typeof result.ok).toBe('boolean');
}

describe('parseNotificationCollection properties', () => {
  it('returns a result for any JSON value, bare or as an item', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectResult(value);
        expectResult({ value });
        expectResult({ value: [value], validationTokens: [value] });
      }),
    );
  });

  it('returns a result for anything at all, bare or as an item', () => {
    fc.assert(
      fc.property(
        fc.anything({ withObjectString: true, withNullPrototype: true, withMap: true }),
        (value) => {
          expectResult(value);
          expectResult({ value: [value, { value }] });
        },
      ),
    );
  });

  it('returns a result for any string parsed as JSON', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: the raw string is still input to the parser.
        }
        expectResult(body);
      }),
    );
  });

  it('returns every item of a valid collection, sorted by kind, in posted order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(lifecycleItem, changeItem), { maxLength: 30 }), (items) => {
        const result = parseNotificationCollection(JSON.parse(JSON.stringify({ value: items })));
        if (!result.ok) throw new Error(result.error.reason);
        const { lifecycle, changes, rejected } = result.value;
        expect(rejected).toEqual([]);
        expect(lifecycle.length + changes.length).toBe(items.length);
        const kinds = items.map((item) => ('lifecycleEvent' in item ? 'lifecycle' : 'change'));
        expect(lifecycle.map((item) => item.index)).toEqual(indexesOf(kinds, 'lifecycle'));
        expect(changes.map((item) => item.index)).toEqual(indexesOf(kinds, 'change'));
      }),
    );
  });
});

function indexesOf(kinds: string[], kind: string): number[] {
  return kinds.flatMap((value, index) => (value === kind ? [index] : []));
}
