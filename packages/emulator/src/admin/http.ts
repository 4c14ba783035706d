/**
 * The admin client's plumbing: JSON calls under `/_emulator` that throw a typed error when the
 * emulator refuses them.
 *
 * @module
 */

/** An admin call that failed. */
export class EmulatorAdminError extends Error {
  override readonly name = 'EmulatorAdminError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** JSON calls relative to the admin API's base URL. */
export interface Http {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  remove(path: string): Promise<void>;
}

/** Calls relative to `base` through `fetchImpl`. */
export function createHttp(base: string, fetchImpl: typeof fetch): Http {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetchImpl(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new EmulatorAdminError(response.status, errorMessage(text, response.status));
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    call,
    get: (path) => call('GET', path),
    post: (path, body = {}) => call('POST', path, body),
    remove: (path) => call('DELETE', path),
  };
}

/** A query string for record filters; undefined values are left out. */
export function query(filter: Record<string, string | number | undefined>): string {
  const entries = Object.entries(filter).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return '';
  return `?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)]))}`;
}

function errorMessage(text: string, status: number): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } };
    return parsed.error?.message ?? `admin call failed with ${status}`;
  } catch {
    return `admin call failed with ${status}`;
  }
}
