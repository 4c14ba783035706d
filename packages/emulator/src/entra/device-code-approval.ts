/**
 * What the person at the verification page does, done through the admin API instead: sign in as
 * a work or personal account and accept (approve), or refuse (decline). Only a pending code that
 * has not expired can be answered.
 *
 * @module
 */
import type { EmulatorState } from '../state.js';
import {
  type DeviceCodeSignIn,
  type DeviceCodeView,
  describeDeviceCode,
  isExpired,
} from './device-codes.js';
import { type SignInInput, signInUser } from './sign-in.js';

/** Why an answer was refused: no such code, a bad user, or a code no longer pending. */
export interface AnswerRefused {
  ok: false;
  status: 400 | 404 | 409;
  message: string;
}

/** Approves a pending code for the user the input names (defaults: see {@link signInUser}). */
export function approveDeviceCode(
  state: EmulatorState,
  userCode: string,
  input: SignInInput = {},
): { ok: true; value: DeviceCodeView } | AnswerRefused {
  const pending = findPending(state, userCode);
  if (!pending.ok) return pending;
  const signIn = pending.value;
  const app = state.apps.get(signIn.appId);
  if (!app) return { ok: false, status: 409, message: `app ${signIn.appId} no longer exists` };
  const user = signInUser(state, app, signIn.authority, input);
  if (!user.ok) return { ok: false, status: 400, message: user.message };
  signIn.state = 'approved';
  signIn.user = user.value;
  return { ok: true, value: describeDeviceCode(signIn, state.clock.now()) };
}

/** Declines a pending code: the client's next poll gets `authorization_declined`. */
export function declineDeviceCode(
  state: EmulatorState,
  userCode: string,
): { ok: true; value: DeviceCodeView } | AnswerRefused {
  const pending = findPending(state, userCode);
  if (!pending.ok) return pending;
  pending.value.state = 'declined';
  return { ok: true, value: describeDeviceCode(pending.value, state.clock.now()) };
}

function findPending(
  state: EmulatorState,
  userCode: string,
): { ok: true; value: DeviceCodeSignIn } | AnswerRefused {
  const signIn = state.deviceCodes.byUserCode(userCode);
  if (!signIn)
    return { ok: false, status: 404, message: `no device code with user code ${userCode}` };
  if (isExpired(signIn, state.clock.now())) {
    return { ok: false, status: 409, message: `user code ${signIn.userCode} has expired` };
  }
  if (signIn.state !== 'pending') {
    return {
      ok: false,
      status: 409,
      message: `user code ${signIn.userCode} is already ${signIn.state}`,
    };
  }
  return { ok: true, value: signIn };
}
