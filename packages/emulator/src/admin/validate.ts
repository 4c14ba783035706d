/**
 * Reading admin request bodies: small checks that collect problems instead of throwing, so that
 * a bad admin call gets one clear `400`.
 *
 * @module
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { EmulatorEnv } from '../context.js';

/** An admin error response. */
export function adminError(
  c: Context<EmulatorEnv>,
  status: ContentfulStatusCode,
  message: string,
): Response {
  const code = status === 404 ? 'notFound' : status === 409 ? 'conflict' : 'invalidRequest';
  return c.json({ error: { code, message } }, status);
}

/** The JSON object body of an admin call; an empty body reads as `{}`. */
export async function readObject(
  c: Context<EmulatorEnv>,
): Promise<Record<string, unknown> | undefined> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Collects the problems of one body. */
export class BodyReader {
  readonly problems: string[] = [];

  constructor(private readonly body: Record<string, unknown>) {}

  string(name: string): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.problems.push(`${name} must be a string`);
    return undefined;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') this.problems.push(`${name} is required`);
    return value ?? '';
  }

  number(name: string): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    this.problems.push(`${name} must be a number`);
    return undefined;
  }

  boolean(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    this.problems.push(`${name} must be true or false`);
    return undefined;
  }

  strings(name: string): string[] | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
    this.problems.push(`${name} must be an array of strings`);
    return undefined;
  }

  /** A string, or `true` (for "generate one"). */
  stringOrTrue(name: string): string | true | undefined {
    const value = this.body[name];
    if (value === true) return true;
    return this.string(name);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}`);
    return undefined;
  }

  date(name: string): Date | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
    this.problems.push(`${name} must be an ISO 8601 date`);
    return undefined;
  }

  /** The problems as one message, or undefined when there are none. */
  error(): string | undefined {
    return this.problems.length > 0 ? this.problems.join('; ') : undefined;
  }
}
