// Runs the built `lifeline` binary (dist/bin.js) as a user would, through node:child_process:
// to completion, or as a long-running process whose output lines can be awaited.
// The test task runs after the build; on your own, build first: pnpm --filter @lifeline/cli build.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
}

// Node warns on stderr when NO_COLOR and FORCE_COLOR are both set, and a developer's own
// LIFELINE_* variables must not leak into a test: start from neither and set only what is asked.
function childEnv(extra: Record<string, string | undefined> = { NO_COLOR: '1' }) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('LIFELINE_') && name !== 'NO_COLOR' && name !== 'FORCE_COLOR',
    ),
  );
  const env = { ...inherited, ...extra };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env as Record<string, string>;
}

/** Runs `lifeline args…` to completion. */
export function lifeline(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise<Run>((resolve) => {
    const env = childEnv(options.env);
    const child = execFile(process.execPath, [bin, ...args], { env }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(options.input ?? '');
  });
}

/** A `lifeline` process that keeps running. */
export interface LongRun {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the first stdout line that matches, within `timeoutMs`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or 128 + signal number stand-in) once the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `lifeline args…` and returns at once. */
export function start(args: string[], options: RunOptions = {}): LongRun {
  const child = spawn(process.execPath, [bin, ...args], {
    env: childEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const line = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = stdout.split('\n').find((text) => pattern.test(text));
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no line matched ${pattern}; stdout: ${stdout}; stderr: ${stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, line, exited };
}

/**
 * Polls `check` until it returns true, at most `attempts` times `intervalMs` apart; bounded, so a
 * test fails instead of hanging, and never asserts on time.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  attempts = 200,
  intervalMs = 50,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}
