/**
 * Admin routes for device code sign-ins: list them, and answer one as its user would at the
 * verification page: approve (signing in as a work or personal account) or decline.
 *
 * @module
 */
import type { Context, Hono } from 'hono';
import type { EmulatorEnv } from '../context.js';
import { approveDeviceCode, declineDeviceCode } from '../entra/device-code-approval.js';
import { describeDeviceCode } from '../entra/device-codes.js';
import { adminError, BodyReader, readObject } from './validate.js';

/** Adds the device code routes to the admin app. */
export function registerDeviceCodeRoutes(admin: Hono<EmulatorEnv>): void {
  admin.get('/device-codes', (c) => {
    const { state } = c.var;
    const now = state.clock.now();
    return c.json(state.deviceCodes.all().map((signIn) => describeDeviceCode(signIn, now)));
  });
  admin.post('/device-codes/:userCode/approve', approve);
  admin.post('/device-codes/:userCode/decline', (c) => {
    const answered = declineDeviceCode(c.var.state, c.req.param('userCode'));
    return answered.ok ? c.json(answered.value) : adminError(c, answered.status, answered.message);
  });
}

async function approve(c: Context<EmulatorEnv>): Promise<Response> {
  const body = await readObject(c);
  if (!body) return adminError(c, 400, 'the body must be a JSON object');
  const reader = new BodyReader(body);
  const input = {
    account: reader.oneOf('account', ['work', 'personal'] as const),
    userId: reader.string('userId'),
    name: reader.string('name'),
    username: reader.string('username'),
    tenantId: reader.string('tenantId'),
  };
  const problem = reader.error();
  if (problem) return adminError(c, 400, problem);
  const answered = approveDeviceCode(c.var.state, c.req.param('userCode') ?? '', input);
  return answered.ok ? c.json(answered.value) : adminError(c, answered.status, answered.message);
}
