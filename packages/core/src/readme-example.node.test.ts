// The README's example is examples/lifecycle.ts word for word, and it runs.
import { readFile } from 'node:fs/promises';
import { afterEach, expect, it, vi } from 'vitest';

const examplePath = new URL('../examples/lifecycle.ts', import.meta.url);
const readmePath = new URL('../README.md', import.meta.url);

afterEach(() => {
  vi.restoreAllMocks();
});

it('shows examples/lifecycle.ts in the README, word for word', async () => {
  const readme = await readFile(readmePath, 'utf8');
  const block = /## Example\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBe(await readFile(examplePath, 'utf8'));
});

it('reauthorizes the challenged subscription and names the least-privileged permission', async () => {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));

  await import(examplePath.href);

  expect(lines).toEqual([
    'POST /v1.0/subscriptions/e3898f08-5cd0-4a6a-80fc-6addbfb73b7b/reauthorize',
    'reauthorizationRequired: reauthorize done',
    'least privileged: Mail.Read',
  ]);
});
