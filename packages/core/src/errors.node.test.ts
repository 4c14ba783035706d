// Two installed copies of the built package (as when two versions end up in node_modules) must
// recognise each other's errors through LifelineError.isInstance, even though `instanceof` cannot.
// Node only: the copies are made on disk. The dist they copy comes from the build, which turbo runs
// before core's tests.
import { access, cp, mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Core = typeof import('./index.js');

const packageDir = fileURLToPath(new URL('..', import.meta.url));
let scratchDir: string;
let copyA: Core;
let copyB: Core;

/** Installs package.json and dist as `node_modules/@lifeline/core` under `root`, then loads it. */
async function installCopy(root: string): Promise<Core> {
  const installed = join(root, 'node_modules', '@lifeline', 'core');
  await mkdir(installed, { recursive: true });
  await cp(join(packageDir, 'package.json'), join(installed, 'package.json'));
  await cp(join(packageDir, 'dist'), join(installed, 'dist'), { recursive: true });

  // The copies resolve their one dependency from next to themselves, as an install would.
  const jose = await realpath(join(packageDir, 'node_modules', 'jose'));
  await symlink(jose, join(root, 'node_modules', 'jose'), 'dir');

  return (await import(pathToFileURL(join(installed, 'dist', 'index.js')).href)) as Core;
}

beforeAll(async () => {
  await access(join(packageDir, 'dist', 'index.js')).catch(() => {
    throw new Error('packages/core/dist is missing: build core before running this test');
  });
  scratchDir = await mkdtemp(join(tmpdir(), 'lifeline-core-copies-'));
  copyA = await installCopy(join(scratchDir, 'a'));
  copyB = await installCopy(join(scratchDir, 'b'));
});

afterAll(async () => {
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
});

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('LifelineError across two copies of the package', () => {
  it('loads two distinct copies, so instanceof does not cross between them', () => {
    expect(copyA.LifelineError).not.toBe(copyB.LifelineError);

    const error = new copyA.InvalidInputError('id', 'bad');
    expect(error).toBeInstanceOf(copyA.LifelineError);
    expect(error).not.toBeInstanceOf(copyB.LifelineError);
  });

  it("recognises errors thrown by the other copy's code, in both directions", () => {
    const fromA = thrownBy(() => copyA.customCloud({ graphUrl: 'ftp://x', loginUrl: 'http://x' }));
    const fromB = thrownBy(() => copyB.cloudByName('mars'));

    expect(copyB.LifelineError.isInstance(fromA)).toBe(true);
    expect(copyA.LifelineError.isInstance(fromB)).toBe(true);
    // The narrowed error keeps what callers branch on.
    if (!copyB.LifelineError.isInstance(fromA)) throw new Error('unreachable');
    expect(fromA.code).toBe('ERR_INVALID_INPUT');
  });

  it('recognises every subclass created by the other copy', () => {
    const cause = new TypeError('fetch failed');
    const errors = [
      new copyA.SubscriptionGoneError({ method: 'PATCH', url: 'https://g/x', status: 404 }),
      new copyA.GraphNetworkError('GET', 'https://g/x', { cause }),
      new copyA.GraphTimeoutError('GET', 'https://g/x', 10),
      new copyA.TokenSourceError('no token'),
    ];

    for (const error of errors) expect(copyB.LifelineError.isInstance(error)).toBe(true);
  });

  it('does not recognise a plain Error or a lookalike without the brand', () => {
    const lookalike = Object.assign(new Error('bad'), {
      name: 'InvalidInputError',
      code: 'ERR_INVALID_INPUT',
      field: 'id',
    });
    // Same description as the brand, but not the registered symbol that every copy shares.
    const unregistered = Symbol('@lifeline/core/LifelineError');
    const privateBrand = Object.defineProperty(new Error('bad'), unregistered, { value: true });

    for (const value of [new Error('bad'), lookalike, privateBrand, null, undefined, 'error']) {
      expect(copyB.LifelineError.isInstance(value)).toBe(false);
    }
  });
});
