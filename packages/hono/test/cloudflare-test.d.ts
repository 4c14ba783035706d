// The part of the `cloudflare:test` module (from @cloudflare/vitest-plugin) these tests use,
// declared here so that type-checking needs no Workers runtime types.
declare module 'cloudflare:test' {
  export interface TestExecutionContext {
    waitUntil(promise: Promise<unknown>): void;
    passThroughOnException(): void;
    readonly props: unknown;
  }
  export function createExecutionContext(): TestExecutionContext;
  export function waitOnExecutionContext(context: TestExecutionContext): Promise<void>;
}
