import { expect, inject, it } from 'vitest';

it('runs in the runtime its test project names', () => {
  const expected = inject('runtime') === 'workerd' ? 'Cloudflare-Workers' : 'Node.js';
  expect(navigator.userAgent.startsWith(expected)).toBe(true);
});
