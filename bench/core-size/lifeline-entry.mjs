// What an app that only reauthorizes subscriptions ships with Lifeline: the Graph client, a
// token source it brings, and one call.
import { createGraphClient } from '@lifeline/core';

/** Returns a function that reauthorizes one subscription. */
export function makeReauthorize({ getToken, cloud }) {
  const client = createGraphClient({
    ...(cloud && { cloud }),
    tokenSource: async ({ scopes }) => ({ token: await getToken(scopes) }),
  });
  return (subscriptionId) => client.reauthorize(subscriptionId);
}
