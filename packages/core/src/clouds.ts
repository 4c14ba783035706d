import { InvalidInputError } from './errors.js';

/**
 * A Microsoft cloud: the Microsoft Graph service root and the Entra ID authority host that
 * issues tokens for it. Tokens from one cloud are not accepted by another.
 * See https://learn.microsoft.com/graph/deployments
 */
export interface Cloud {
  /** A short name for logs and errors: `global`, `usGovL4`, `usGovL5`, `china` or `custom`. */
  readonly name: string;
  /**
   * The Graph service root, without a trailing slash or version, e.g.
   * `https://graph.microsoft.com`.
   */
  readonly graphUrl: string;
  /**
   * The Entra ID authority host, without a trailing slash, e.g.
   * `https://login.microsoftonline.com`.
   */
  readonly loginUrl: string;
}

/** The Graph API versions Lifeline speaks. */
export type GraphVersion = 'v1.0' | 'beta';

/** The national clouds, with the hosts that Microsoft documents for each. */
export const clouds = {
  global: {
    name: 'global',
    graphUrl: 'https://graph.microsoft.com',
    loginUrl: 'https://login.microsoftonline.com',
  },
  usGovL4: {
    name: 'usGovL4',
    graphUrl: 'https://graph.microsoft.us',
    loginUrl: 'https://login.microsoftonline.us',
  },
  usGovL5: {
    name: 'usGovL5',
    graphUrl: 'https://dod-graph.microsoft.us',
    loginUrl: 'https://login.microsoftonline.us',
  },
  // The Graph deployments page and the Azure SDKs name login.chinacloudapi.cn; the Entra
  // national-cloud page names login.partner.microsoftonline.cn. Both reach the same service.
  china: {
    name: 'china',
    graphUrl: 'https://microsoftgraph.chinacloudapi.cn',
    loginUrl: 'https://login.chinacloudapi.cn',
  },
} as const satisfies Record<string, Cloud>;

/** The name of a built-in national cloud. */
export type CloudName = keyof typeof clouds;

/**
 * A cloud at other addresses, such as a local emulator.
 *
 * @throws {InvalidInputError} when either URL is not an absolute http(s) URL.
 */
export function customCloud(urls: { graphUrl: string; loginUrl: string }): Cloud {
  return {
    name: 'custom',
    graphUrl: normaliseBaseUrl('graphUrl', urls.graphUrl),
    loginUrl: normaliseBaseUrl('loginUrl', urls.loginUrl),
  };
}

/**
 * Looks a cloud up by name.
 *
 * @throws {InvalidInputError} for a name that is not a built-in cloud.
 */
export function cloudByName(name: string): Cloud {
  if (Object.hasOwn(clouds, name)) return clouds[name as CloudName];
  const known = Object.keys(clouds).join(', ');
  throw new InvalidInputError('cloud', `unknown cloud "${name}"; expected one of ${known}`);
}

/** The scope for client-credential tokens in a cloud: `${graphUrl}/.default`. */
export function graphDefaultScope(cloud: Cloud): string {
  return `${cloud.graphUrl}/.default`;
}

function normaliseBaseUrl(field: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new InvalidInputError(field, `not an absolute URL: ${JSON.stringify(value)}`, { cause });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError(field, `must use http or https, not ${url.protocol}`);
  }
  return url.href.replace(/\/+$/, '');
}
