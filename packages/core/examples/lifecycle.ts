import {
  createGraphClient,
  createMemoryLedger,
  handleLifecycleNotifications,
  parseNotificationCollection,
  requiredPermissions,
} from '@lifeline/core';

// What Graph posts to a subscription's lifecycleNotificationUrl when its authorization is about
// to lapse (the documented example, with this app's clientState).
const posted = {
  value: [
    {
      lifecycleEvent: 'reauthorizationRequired',
      subscriptionId: 'e3898f08-5cd0-4a6a-80fc-6addbfb73b7b',
      subscriptionExpirationDateTime: '2030-09-18T00:52:45.9696658+00:00',
      clientState: 'a-secret-only-graph-and-this-app-know',
      tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
    },
  ],
};

// Each runtime brings its own fetch and token source. Here a stand-in for Graph answers every
// call with 204 and prints it, so that the example runs anywhere without credentials.
const graph = createGraphClient({
  tokenSource: async () => ({ token: 'a-token-from-your-token-source' }),
  fetch: async (request) => {
    console.log(`${request.method} ${new URL(request.url).pathname}`);
    return new Response(null, { status: 204 });
  },
});

const parsed = parseNotificationCollection(posted);
if (!parsed.ok) throw new Error(parsed.error.message);

const { outcomes } = await handleLifecycleNotifications(parsed.value, {
  graph,
  ledger: createMemoryLedger(),
  clientState: 'a-secret-only-graph-and-this-app-know',
  now: () => new Date('2030-09-15T12:00:00Z'),
});
for (const outcome of outcomes) {
  console.log(`${outcome.lifecycleEvent}: ${outcome.action?.type} ${outcome.result}`);
}

const needed = requiredPermissions("me/mailFolders('Inbox')/messages", 'application');
if (needed.ok) console.log(`least privileged: ${needed.value.leastPrivileged}`);
