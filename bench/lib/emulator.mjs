// An in-process emulator whose every Graph request, throttling verdict, call record and lifecycle
// delivery is also kept here, unbounded and stamped with the wall clock, so that a bench can check
// what happened (the emulator's own record lists keep only the newest entries).
import { serve } from '@hono/node-server';
import { createAdminClient, createEmulatorApp, createEmulatorState } from '@lifeline/emulator';

/**
 * Starts an emulator on 127.0.0.1 and returns it with its `tap`:
 * - `requests`: every Graph request as it arrived, `{ t, method, path, latencyMs, action }`, where
 *   `action` is the injected fault or null;
 * - `throttled`: every request the subscription-service limits refused, `{ t, kind, retryAfterSeconds }`;
 * - `calls`: every call record (`{ t, ...record }`), `tokenRequests`: every token request record
 *   (when the emulator keeps them), `deliveries`: every delivery record (live).
 */
export async function startTappedEmulator(options = {}) {
  const { state, apps } = await createEmulatorState({
    seed: options.seed,
    settings: options.settings,
    clock: options.clock,
  });
  const tap = tapState(state);
  const { server, port } = await listen(createEmulatorApp(state).fetch);
  const url = `http://127.0.0.1:${port}`;
  state.baseUrl = url;
  return {
    url,
    state,
    apps,
    tenantId: state.defaultTenantId,
    admin: createAdminClient(url),
    tap,
    close: async () => {
      state.clock.dispose();
      await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function tapState(state) {
  const tap = { requests: [], throttled: [], calls: [], deliveries: [], tokenRequests: [] };
  const decide = state.faults.decide.bind(state.faults);
  state.faults.decide = (request) => {
    const decision = decide(request);
    const { method, path } = request;
    tap.requests.push({ t: Date.now(), method, path, ...decision });
    return decision;
  };
  const admit = state.throttle.admit.bind(state.throttle);
  state.throttle.admit = (subject, kind, now) => {
    const verdict = admit(subject, kind, now);
    if (!verdict.ok) tap.throttled.push({ t: Date.now(), kind, ...verdict });
    return verdict;
  };
  const addCall = state.records.addCall.bind(state.records);
  state.records.addCall = (record) => {
    const stored = addCall(record);
    tap.calls.push({ t: Date.now(), ...stored });
    return stored;
  };
  if (state.records.addTokenRequest) {
    const addTokenRequest = state.records.addTokenRequest.bind(state.records);
    state.records.addTokenRequest = (record) => {
      const stored = addTokenRequest(record);
      tap.tokenRequests.push({ t: Date.now(), ...stored });
      return stored;
    };
  }
  const addDelivery = state.records.addDelivery.bind(state.records);
  state.records.addDelivery = (record) => {
    const stored = addDelivery(record);
    tap.deliveries.push(stored);
    return stored;
  };
  return tap;
}

function listen(fetchHandler) {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: fetchHandler, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}
