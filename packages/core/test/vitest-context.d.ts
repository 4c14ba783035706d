// The values that packages/core/vitest.config.ts provides to each test project.
declare module 'vitest' {
  export interface ProvidedContext {
    runtime: 'node' | 'workerd';
  }
}

export {};
