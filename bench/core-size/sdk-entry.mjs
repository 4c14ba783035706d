// The same app with the Microsoft Graph JavaScript SDK: the request adapter, an authentication
// provider over a token credential the app brings, the subscriptions fluent API, and one call.
import { createGraphServiceClient, GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import '@microsoft/msgraph-sdk-subscriptions';
import { GraphAzureIdentityAuthenticationProvider } from '@microsoft/msgraph-sdk-core';

/** Returns a function that reauthorizes one subscription. */
export function makeReauthorize({ getToken, baseUrl, allowedHost }) {
  const credential = {
    getToken: async (scopes) => ({
      token: await getToken([scopes].flat()),
      expiresOnTimestamp: Date.now() + 3_600_000,
    }),
  };
  const hosts = allowedHost ? new Set([allowedHost]) : undefined;
  const auth = new GraphAzureIdentityAuthenticationProvider(
    credential,
    undefined,
    undefined,
    hosts,
  );
  const adapter = new GraphRequestAdapter(auth);
  if (baseUrl) adapter.baseUrl = baseUrl;
  const client = createGraphServiceClient(adapter);
  return (subscriptionId) =>
    client.subscriptions.bySubscriptionId(subscriptionId).reauthorize.post();
}
