/**
 * The checks a POST passes before its body is read: the validation handshake (answered at once,
 * without anything else), the media type, and the body limit.
 * See https://learn.microsoft.com/graph/change-notifications-delivery-webhooks
 *
 * @module
 */
import { readValidationToken, validationResponse } from '@lifeline/core';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isJsonMediaType } from './body.js';
import { logRejectedRequest } from './log.js';
import type { RoutesSettings } from './options.js';

/**
 * Answers Graph's handshake, `POST ?validationToken=…`, with the decoded token as plain text.
 * It comes before every other check: Graph sends it as `text/plain`, and the subscription is not
 * created unless it is answered within 10 seconds.
 */
export function answerHandshake(settings: RoutesSettings): MiddlewareHandler {
  return async (c, next) => {
    // Without a query string there is no token: notification posts skip parsing the URL.
    if (!c.req.url.includes('?')) return next();
    const token = readValidationToken(c.req.raw);
    if (token === undefined) return next();
    if (!token.ok) {
      logRejectedRequest(settings.logger, 'validation_token_too_long', 400, token.error.message);
      return c.text(token.error.message, 400);
    }
    settings.logger.info({ event: 'lifeline.handshake' });
    return validationResponse(token.value);
  };
}

/** Refuses with `415` a body that is not JSON: Graph always posts `application/json`. */
export function requireJson(settings: RoutesSettings): MiddlewareHandler {
  return async (c, next) => {
    if (isJsonMediaType(c.req.header('content-type') ?? null)) return next();
    const message = 'notifications must be posted as application/json';
    logRejectedRequest(settings.logger, 'unsupported_media_type', 415, message);
    return c.text(message, 415);
  };
}

/**
 * Refuses with `413` a body over the limit: by its `Content-Length`, or while it streams in when
 * it has none, so that an oversized body is never buffered whole.
 */
export function limitBody(settings: RoutesSettings): MiddlewareHandler {
  const refuse = (c: Context) => {
    const message = `the body is larger than ${settings.bodyLimit} bytes`;
    logRejectedRequest(settings.logger, 'body_too_large', 413, message);
    return c.text(message, 413);
  };
  const streamed = bodyLimit({ maxSize: settings.bodyLimit, onError: refuse });
  return async (c, next) => {
    // With a `Content-Length` (Graph always sends one), the header decides, as Hono's own
    // limit does, without touching the body: on Node, reading `body` would turn the request into
    // a web stream, where reading the text at once is several times cheaper.
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) {
      return streamed(c, next);
    }
    return Number.parseInt(length, 10) > settings.bodyLimit ? refuse(c) : next();
  };
}
