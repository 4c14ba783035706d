import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';

const examplePath = new URL('../examples/emulator.ts', import.meta.url);
const readmePath = new URL('../README.md', import.meta.url);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the README example', () => {
  it('is the file examples/emulator.ts, word for word', async () => {
    const readme = await readFile(readmePath, 'utf8');
    const block = /## Example\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];

    expect(block).toBe(await readFile(examplePath, 'utf8'));
  });

  it('runs against the emulator and lists subscriptions', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => {
      lines.push(line);
    });

    await import(examplePath.href);

    expect(lines[0]).toMatch(/^token expires at \d{4}-\d\d-\d\dT/);
    expect(lines[1]).toBe('0 subscriptions');
  });
});
