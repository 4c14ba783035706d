// Fails when a publishable package's source changed without a pending changeset that names it.
// The base is the latest release commit ("Version packages", as `changeset version` is committed
// here), or the repository's first commit when nothing has been released: every change since
// then must be described by a changeset that is still pending in .changeset/.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const lines = (text) => text.split('\n').filter(Boolean);

const release = git('log', '--format=%H', '-1', '--grep=^Version packages');
const root = lines(git('rev-list', '--max-parents=0', 'HEAD')).at(-1);
const base = release || root;
const changed = new Set([
  ...lines(git('diff', '--name-only', base, 'HEAD')),
  ...(release ? [] : lines(git('show', '--name-only', '--format=', root))),
]);

const isSource = (file) =>
  /\/src\//.test(file) && !/\.test\.ts$/.test(file) ? true : file.endsWith('/package.json');

const packages = ['packages', 'apps']
  .filter((top) => existsSync(top))
  .flatMap((top) => readdirSync(top).map((name) => join(top, name)))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private);

const named = new Set();
for (const file of readdirSync('.changeset').filter(
  (f) => f.endsWith('.md') && f !== 'README.md',
)) {
  const front = readFileSync(join('.changeset', file), 'utf8').match(/^---\n([\s\S]*?)\n---/);
  for (const match of front?.[1].matchAll(/^["']?([^"':]+)["']?\s*:/gm) ?? []) named.add(match[1]);
}

const missing = packages
  .filter(({ dir }) => [...changed].some((file) => file.startsWith(`${dir}/`) && isSource(file)))
  .filter(({ manifest }) => !named.has(manifest.name));

if (missing.length) {
  const names = missing.map(({ manifest }) => manifest.name).join(', ');
  console.error(`changesets: changed since ${base.slice(0, 12)} without a changeset: ${names}`);
  process.exit(1);
}
// Changesets' own check over the same range: it fails when packages changed and no changeset is
// pending at all; the loop above is stricter, asking for one that names each changed package.
execFileSync('pnpm', ['exec', 'changeset', 'status', `--since=${base}`], { stdio: 'inherit' });
console.log(`changesets: every package changed since ${base.slice(0, 12)} has a changeset`);
