// The baseline for bench/worker-size.mjs: the worker's lifecycle handler written on the Microsoft
// Graph JavaScript SDK. It answers the validation handshake, reads a lifecycle notification
// collection, checks clientState, gets a client-credentials token over fetch, and reauthorizes
// each challenged subscription through the SDK after the response. It does less than Lifeline's
// worker: no queue, no ledger, no renewal cron, no validation-token verification.
import { createGraphServiceClient, GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import '@microsoft/msgraph-sdk-subscriptions';
import { GraphAzureIdentityAuthenticationProvider } from '@microsoft/msgraph-sdk-core';

async function clientCredentialsToken(env) {
  const response = await fetch(`${env.LOGIN_URL}/${env.TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: env.CLIENT_ID,
      client_secret: env.CLIENT_SECRET,
      scope: `${env.GRAPH_URL}/.default`,
    }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`token request failed: ${body.error}`);
  return { token: body.access_token, expiresOnTimestamp: Date.now() + body.expires_in * 1000 };
}

function graphClient(env) {
  const credential = { getToken: () => clientCredentialsToken(env) };
  const hosts = new Set([new URL(env.GRAPH_URL).hostname]);
  const auth = new GraphAzureIdentityAuthenticationProvider(
    credential,
    undefined,
    undefined,
    hosts,
  );
  const adapter = new GraphRequestAdapter(auth);
  adapter.baseUrl = `${env.GRAPH_URL}/v1.0`;
  return createGraphServiceClient(adapter);
}

function challenged(body, clientState) {
  const items = Array.isArray(body?.value) ? body.value : [];
  return items.filter(
    (item) =>
      item?.lifecycleEvent === 'reauthorizationRequired' &&
      typeof item.subscriptionId === 'string' &&
      item.clientState === clientState,
  );
}

export default {
  async fetch(request, env, context) {
    const token = new URL(request.url).searchParams.get('validationToken');
    if (token !== null) {
      return new Response(token, { headers: { 'content-type': 'text/plain' } });
    }
    let body;
    try {
      body = await request.json();
    } catch {
      return new Response(null, { status: 202 });
    }
    const client = graphClient(env);
    const calls = challenged(body, env.CLIENT_STATE).map((item) =>
      client.subscriptions.bySubscriptionId(item.subscriptionId).reauthorize.post(),
    );
    context.waitUntil(Promise.allSettled(calls));
    return new Response(null, { status: 202 });
  },
};
