// The values test/global-setup.ts provides to the workerd tests.

/** One emulator's address and the credentials of its seeded apps. */
export interface EmulatorFixture {
  readonly url: string;
  readonly tenantId: string;
  readonly secretApp: { readonly clientId: string; readonly clientSecret: string };
  readonly certificateApp: {
    readonly clientId: string;
    readonly privateKeyPem: string;
    readonly thumbprint: string;
    readonly thumbprintSha256: string;
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    relayUrl: string;
    emulator: EmulatorFixture;
    cronEmulator: EmulatorFixture;
  }
}
