/**
 * The example's settings, read from environment variables: the app registration, the
 * clientState its subscriptions were created with, and where to listen.
 */
import { type Cloud, clouds, customCloud } from '@lifeline/core';

/** What the example needs to run. */
export interface ExampleConfig {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clientState: string;
  readonly cloud: Cloud;
  readonly host: string;
  readonly port: number;
}

/**
 * Reads the settings from `env`: `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`,
 * `LIFELINE_CLIENT_STATE`, optionally `LIFELINE_GRAPH_URL` with `LIFELINE_LOGIN_URL` (another
 * cloud or a local emulator), `HOST` (default 127.0.0.1) and `PORT` (default 3000).
 *
 * @throws {Error} naming every missing variable, never a value.
 */
export function readConfig(env: Record<string, string | undefined>): ExampleConfig {
  const required = [
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_ID',
    'AZURE_CLIENT_SECRET',
    'LIFELINE_CLIENT_STATE',
  ];
  const missing = required.filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`missing environment variables: ${missing.join(', ')}`);

  const graphUrl = env.LIFELINE_GRAPH_URL;
  const loginUrl = env.LIFELINE_LOGIN_URL;
  return {
    tenantId: env.AZURE_TENANT_ID as string,
    clientId: env.AZURE_CLIENT_ID as string,
    clientSecret: env.AZURE_CLIENT_SECRET as string,
    clientState: env.LIFELINE_CLIENT_STATE as string,
    cloud: graphUrl && loginUrl ? customCloud({ graphUrl, loginUrl }) : clouds.global,
    host: env.HOST ?? '127.0.0.1',
    port: Number(env.PORT ?? 3000),
  };
}
