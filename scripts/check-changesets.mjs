// Fails when a package's source changed without a changeset. The base is the latest release
// commit ("Version packages", written by `changeset version`), or the first commit before any
// release: every change since then must be described by a changeset that is still pending.
import { execFileSync } from 'node:child_process';

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const release = git('log', '--format=%H', '-1', '--grep=^Version packages');
const base = release || git('rev-list', '--max-parents=0', 'HEAD').split('\n').at(-1);

try {
  execFileSync('pnpm', ['exec', 'changeset', 'status', `--since=${base}`], { stdio: 'inherit' });
} catch {
  console.error(`changesets: a package changed since ${base.slice(0, 12)} without a changeset`);
  process.exit(1);
}
