import type { TokenRequest, TokenSource } from '@lifeline/core';

/** A token source that passes every request on to `inner` and keeps what was asked and issued. */
export function recordingTokenSource(inner: TokenSource): {
  readonly tokenSource: TokenSource;
  readonly requests: TokenRequest[];
  readonly tokens: string[];
} {
  const requests: TokenRequest[] = [];
  const tokens: string[] = [];
  const tokenSource: TokenSource = async (request) => {
    requests.push(request);
    const issued = await inner(request);
    tokens.push(issued.token);
    return issued;
  };
  return { tokenSource, requests, tokens };
}
