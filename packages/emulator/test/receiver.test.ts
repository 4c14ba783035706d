// The exported notification receiver over real HTTP: the handshake as Graph expects it, and the
// bodies of what else arrives, kept in order.
import { afterEach, describe, expect, it } from 'vitest';
import { type NotificationReceiver, startNotificationReceiver } from '../src/index.js';

let receiver: NotificationReceiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('startNotificationReceiver', () => {
  it('echoes the decoded validation token as text/plain with 200', async () => {
    receiver = await startNotificationReceiver();
    const token = 'Validation: Testing client application reachability <b>&</b>';
    const response = await fetch(`${receiver.url}?validationToken=${encodeURIComponent(token)}`, {
      method: 'POST',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe(token);
    expect(receiver.bodies).toEqual([]);
  });

  it('answers other requests 202 and keeps their bodies in order', async () => {
    receiver = await startNotificationReceiver();
    for (const body of ['{"value":[1]}', '{"value":[2]}']) {
      const response = await fetch(receiver.url, { method: 'POST', body });
      expect(response.status).toBe(202);
    }
    expect(receiver.bodies).toEqual(['{"value":[1]}', '{"value":[2]}']);
  });
});
