import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { InvalidInputError } from '@lifeline/core';
import { MsalTokenSourceError } from './errors.js';

const fileMode = 0o600;
const directoryMode = 0o700;

/**
 * An msal cache plugin that keeps the token cache in one file, so that a user signs in once and
 * later runs start silently. The file holds refresh tokens: it is created readable and writable by
 * its owner only (mode 0600), in a directory created for the owner only (0700) when missing, and
 * replaced atomically (written to a temporary file, flushed, then renamed), so a crash or a
 * concurrent run never leaves half a cache. Existing directories are left as they are.
 *
 * @param path where the cache lives, e.g. `~/.config/lifeline/msal-cache.json`.
 * @throws {InvalidInputError} when `path` is empty.
 * @returns a plugin whose hooks reject with {@link MsalTokenSourceError} (code `token_cache_error`)
 *   when the file cannot be read, is not JSON, or cannot be written.
 */
export function fileTokenCache(path: string): ICachePlugin {
  if (typeof path !== 'string' || path === '') {
    throw new InvalidInputError('cachePath', 'expected a file path');
  }
  const target = resolve(path);
  return {
    beforeCacheAccess: async (context: TokenCacheContext) => {
      const text = await readCache(target);
      if (text !== undefined) context.tokenCache.deserialize(text);
    },
    afterCacheAccess: async (context: TokenCacheContext) => {
      if (context.cacheHasChanged) await writeAtomically(target, context.tokenCache.serialize());
    },
  };
}

async function readCache(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cacheError(`cannot read the token cache at ${path}`, error);
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw cacheError(`the token cache at ${path} is not JSON; delete it to sign in again`, error);
  }
  return text;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: directoryMode });
    const handle = await open(temporary, 'wx', fileMode);
    try {
      // The umask may have removed bits, never added them; chmod makes the mode exact.
      await handle.chmod(fileMode);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw cacheError(`cannot write the token cache at ${path}`, error);
  }
}

function cacheError(message: string, cause: unknown): MsalTokenSourceError {
  return new MsalTokenSourceError(
    message,
    { errorCode: 'token_cache_error', interactionRequired: false },
    { cause },
  );
}
