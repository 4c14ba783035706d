/**
 * Which cloud a request is addressed to. Each national cloud is served at its real host names
 * (chosen with the `Host` header) and at an emulator prefix, `/clouds/{name}`; the global cloud is
 * also served at the emulator's root. A cloud knows itself by both spellings, and never by
 * another cloud's: that is what keeps tokens from crossing clouds.
 * See https://learn.microsoft.com/graph/deployments
 *
 * @module
 */
import { clouds } from '@lifeline/core';

/** The clouds the emulator serves. */
export type EmulatedCloudName = 'global' | 'usGovL4' | 'usGovL5' | 'china';

/** A national cloud with its real Graph and Entra ID addresses. */
export interface EmulatedCloud {
  readonly name: EmulatedCloudName;
  readonly graphUrl: string;
  /** Every real Entra ID authority host of the cloud (China has two documented ones). */
  readonly loginUrls: readonly string[];
}

/** The emulated clouds, by name. */
export const emulatedClouds: Readonly<Record<EmulatedCloudName, EmulatedCloud>> = {
  global: realCloud('global'),
  usGovL4: realCloud('usGovL4'),
  usGovL5: realCloud('usGovL5'),
  // The Entra national-cloud page names login.partner.microsoftonline.cn instead.
  china: realCloud('china', ['https://login.partner.microsoftonline.cn']),
};

/** The Graph side of a request: which cloud, and the base URL the caller used for it. */
export interface GraphSite {
  cloud: EmulatedCloud;
  base: string;
}

/** The Entra ID side of a request: the clouds that authority serves and the base URL used. */
export interface LoginSite {
  clouds: EmulatedCloud[];
  base: string;
}

/** Where a request landed. A real Graph host has no login side, and the reverse. */
export interface RequestSite {
  graph: GraphSite | null;
  login: LoginSite | null;
}

/** Looks an emulated cloud up by name; undefined when unknown. */
export function findCloud(name: string): EmulatedCloud | undefined {
  return Object.hasOwn(emulatedClouds, name)
    ? emulatedClouds[name as EmulatedCloudName]
    : undefined;
}

/** The emulator's own base URL for a cloud: the origin for global, `/clouds/{name}` otherwise. */
export function emulatorBase(cloud: EmulatedCloud, origin: string): string {
  return cloud.name === 'global' ? origin : `${origin}/clouds/${cloud.name}`;
}

/** Every base URL by which a cloud's Graph is known: its real one and the emulator's. */
export function graphIdentities(cloud: EmulatedCloud, origin: string): string[] {
  return [cloud.graphUrl, emulatorBase(cloud, origin)];
}

/** Every base URL by which a cloud's Entra ID is known. */
export function loginIdentities(cloud: EmulatedCloud, origin: string): string[] {
  return [...cloud.loginUrls, emulatorBase(cloud, origin)];
}

/**
 * Resolves the site of a request from its `/clouds/{name}` prefix (when routed through it) or
 * its `Host` header; anything else is the emulator's root, which serves the global cloud.
 */
export function resolveSite(
  origin: string,
  prefixCloud: string | undefined,
  host: string,
): RequestSite {
  if (prefixCloud !== undefined) {
    const cloud = findCloud(prefixCloud);
    if (!cloud) return { graph: null, login: null };
    const base = emulatorBase(cloud, origin);
    return { graph: { cloud, base }, login: { clouds: [cloud], base } };
  }
  const hostname = host.toLowerCase().replace(/:\d+$/, '');
  for (const cloud of Object.values(emulatedClouds)) {
    if (hostOf(cloud.graphUrl) === hostname) {
      return { graph: { cloud, base: cloud.graphUrl }, login: null };
    }
  }
  const loginUrl = allLoginUrls().find((url) => hostOf(url) === hostname);
  if (loginUrl) return { graph: null, login: { clouds: cloudsOfLogin(loginUrl), base: loginUrl } };
  const global = emulatedClouds.global;
  return { graph: { cloud: global, base: origin }, login: { clouds: [global], base: origin } };
}

function realCloud(name: EmulatedCloudName, extraLogins: string[] = []): EmulatedCloud {
  const cloud = clouds[name];
  return { name, graphUrl: cloud.graphUrl, loginUrls: [cloud.loginUrl, ...extraLogins] };
}

function allLoginUrls(): string[] {
  return Object.values(emulatedClouds).flatMap((cloud) => cloud.loginUrls);
}

// US Government L4 and L5 share one authority; the requested scope picks the Graph cloud.
function cloudsOfLogin(loginUrl: string): EmulatedCloud[] {
  return Object.values(emulatedClouds).filter((cloud) => cloud.loginUrls.includes(loginUrl));
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}
