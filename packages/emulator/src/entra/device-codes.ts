/**
 * The device codes handed out by the device code endpoint, each with the short user code a person
 * types at the verification page. The emulator has no sign-in page: a code is approved (for a
 * work or personal account) or declined through the admin API, or approved at once when
 * `deviceCode.autoApprove` is set. Device codes are kept only as SHA-256 digests.
 * See https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code
 *
 * @module
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { SignedInUser, SignInAuthority } from './sign-in.js';

/** Where a device code stands. */
export type DeviceCodeState = 'pending' | 'approved' | 'declined' | 'redeemed';

/** One device code sign-in. */
export interface DeviceCodeSignIn {
  userCode: string;
  appId: string;
  /** The tenant segment the client used, e.g. a tenant id or `common`. */
  tenant: string;
  authority: SignInAuthority;
  /** The `scope` the client asked for. */
  scope: string;
  /** Capabilities declared when the code was asked for (`xms_cc`), lower case. */
  capabilities: string[];
  issuedAt: Date;
  expiresAt: Date;
  state: DeviceCodeState;
  /** Who approved it; null until then. */
  user: SignedInUser | null;
}

/** A device code sign-in as the admin API shows it. */
export interface DeviceCodeView {
  userCode: string;
  appId: string;
  tenant: string;
  scopes: string[];
  state: DeviceCodeState;
  /** True once the code is past its lifetime and was not redeemed. */
  expired: boolean;
  issuedAt: string;
  expiresAt: string;
  user: SignedInUser | null;
}

/** The device codes handed out. */
export interface DeviceCodeStore {
  /** Records a new sign-in; returns its device code (kept only as a digest) and the sign-in. */
  issue(signIn: Omit<DeviceCodeSignIn, 'userCode' | 'state' | 'user'>): {
    deviceCode: string;
    signIn: DeviceCodeSignIn;
  };
  byDeviceCode(deviceCode: string): DeviceCodeSignIn | undefined;
  /** Finds a sign-in by its user code, ignoring case and spaces. */
  byUserCode(userCode: string): DeviceCodeSignIn | undefined;
  all(): DeviceCodeSignIn[];
  clear(): void;
}

// Letters and digits that cannot be mistaken for one another when read aloud or retyped.
const userCodeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

// Sign-ins are forgotten this long after they expire.
const keepExpiredMs = 3_600_000;

/** Creates an empty store. */
export function createDeviceCodeStore(now: () => Date): DeviceCodeStore {
  const byDigest = new Map<string, DeviceCodeSignIn>();
  const byUser = new Map<string, DeviceCodeSignIn>();
  const forgetOld = () => {
    const cutoff = now().getTime() - keepExpiredMs;
    for (const [key, signIn] of byDigest) {
      if (signIn.expiresAt.getTime() >= cutoff) continue;
      byDigest.delete(key);
      byUser.delete(signIn.userCode);
    }
  };
  return {
    issue(fields) {
      forgetOld();
      let userCode = newUserCode();
      while (byUser.has(userCode)) userCode = newUserCode();
      const deviceCode = randomBytes(64).toString('base64url');
      const signIn: DeviceCodeSignIn = { ...fields, userCode, state: 'pending', user: null };
      byDigest.set(digest(deviceCode), signIn);
      byUser.set(userCode, signIn);
      return { deviceCode, signIn };
    },
    byDeviceCode: (deviceCode) => byDigest.get(digest(deviceCode)),
    byUserCode: (userCode) => byUser.get(userCode.replace(/[\s-]/g, '').toUpperCase()),
    all: () => [...byUser.values()],
    clear() {
      byDigest.clear();
      byUser.clear();
    },
  };
}

/** Whether a sign-in is past its lifetime on the emulator clock. */
export function isExpired(signIn: DeviceCodeSignIn, now: Date): boolean {
  return signIn.state !== 'redeemed' && signIn.expiresAt.getTime() <= now.getTime();
}

/** Describes a sign-in for the admin API. */
export function describeDeviceCode(signIn: DeviceCodeSignIn, now: Date): DeviceCodeView {
  return {
    userCode: signIn.userCode,
    appId: signIn.appId,
    tenant: signIn.tenant,
    scopes: signIn.scope.split(/\s+/).filter(Boolean),
    state: signIn.state,
    expired: isExpired(signIn, now),
    issuedAt: signIn.issuedAt.toISOString(),
    expiresAt: signIn.expiresAt.toISOString(),
    user: signIn.user ? { ...signIn.user } : null,
  };
}

function newUserCode(): string {
  let code = '';
  for (let i = 0; i < 9; i++) code += userCodeAlphabet[randomInt(userCodeAlphabet.length)];
  return code;
}

function digest(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('base64url');
}
