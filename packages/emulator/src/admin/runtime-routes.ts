/**
 * Admin routes that steer the emulator: the clock, settings, faults, waiting for pending work,
 * and reset.
 *
 * @module
 */
import type { Context, Hono } from 'hono';
import type { EmulatorEnv } from '../context.js';
import type { FaultInput } from '../faults/rules.js';
import { mergeSettings, type SettingsPatch } from '../settings.js';
import { adminError, BodyReader, readObject } from './validate.js';

const faultStatuses = [429, 500, 502, 503, 504];

/** Adds the clock, settings, fault, settle and reset routes to the admin app. */
export function registerRuntimeRoutes(admin: Hono<EmulatorEnv>): void {
  admin.get('/clock', (c) => c.json(clockView(c)));
  admin.post('/clock/advance', advanceClock);
  admin.post('/clock/set', setClock);
  admin.get('/settings', (c) => c.json(c.var.state.settings));
  admin.patch('/settings', patchSettings);
  admin.get('/faults', (c) => c.json(c.var.state.faults.list()));
  admin.post('/faults', addFault);
  admin.delete('/faults', (c) => {
    c.var.state.faults.clear();
    return c.body(null, 204);
  });
  admin.delete('/faults/:id', (c) =>
    c.var.state.faults.remove(Number(c.req.param('id')))
      ? c.body(null, 204)
      : adminError(c, 404, `no fault ${c.req.param('id')}`),
  );
  admin.post('/settle', async (c) => {
    await c.var.state.work.settle();
    return c.json(clockView(c));
  });
  admin.post('/reset', (c) => {
    c.var.state.reset();
    return c.body(null, 204);
  });
}

function clockView(c: Context<EmulatorEnv>) {
  const { clock } = c.var.state;
  return { now: clock.now().toISOString(), frozen: clock.frozen };
}

async function advanceClock(c: Context<EmulatorEnv>): Promise<Response> {
  const reader = new BodyReader((await readObject(c)) ?? {});
  const parts = [
    reader.number('ms') ?? 0,
    (reader.number('seconds') ?? 0) * 1000,
    (reader.number('minutes') ?? 0) * 60_000,
    (reader.number('hours') ?? 0) * 3_600_000,
  ];
  const problem = reader.error();
  const total = parts.reduce((sum, part) => sum + part, 0);
  if (problem || total < 0) return adminError(c, 400, problem ?? 'time only moves forward');
  c.var.state.clock.advance(total);
  return c.json(clockView(c));
}

async function setClock(c: Context<EmulatorEnv>): Promise<Response> {
  const reader = new BodyReader((await readObject(c)) ?? {});
  const now = reader.date('now');
  const problem = reader.error() ?? (now ? undefined : 'now is required');
  if (problem || !now) return adminError(c, 400, problem ?? 'now is required');
  c.var.state.clock.set(now);
  return c.json(clockView(c));
}

async function patchSettings(c: Context<EmulatorEnv>): Promise<Response> {
  const body = await readObject(c);
  if (!body) return adminError(c, 400, 'the body must be a JSON object');
  try {
    c.var.state.settings = mergeSettings(c.var.state.settings, body as SettingsPatch);
  } catch (error) {
    return adminError(c, 400, error instanceof Error ? error.message : String(error));
  }
  return c.json(c.var.state.settings);
}

async function addFault(c: Context<EmulatorEnv>): Promise<Response> {
  const body = await readObject(c);
  if (!body) return adminError(c, 400, 'the body must be a JSON object');
  const reader = new BodyReader(body);
  const common = {
    path: reader.requiredString('path'),
    method: reader.string('method'),
    cloud: reader.string('cloud'),
    rate: reader.number('rate'),
    times: reader.number('times'),
  };
  const kind = reader.oneOf('kind', ['status', 'latency', 'drop'] as const);
  const action = faultAction(reader, kind);
  const problem = reader.error() ?? rangeProblem(common.rate);
  if (problem || !action) return adminError(c, 400, problem ?? 'kind is required');
  return c.json(c.var.state.faults.add({ ...common, ...action } as FaultInput), 201);
}

function faultAction(reader: BodyReader, kind: 'status' | 'latency' | 'drop' | undefined) {
  if (kind === 'drop') return { kind };
  if (kind === 'latency') {
    const ms = reader.number('ms');
    if (ms === undefined || ms < 0) reader.problems.push('a latency fault needs ms ≥ 0');
    return { kind, ms: ms ?? 0 };
  }
  if (kind === 'status') {
    const status = reader.number('status');
    if (status === undefined || !faultStatuses.includes(status)) {
      reader.problems.push(`status must be one of ${faultStatuses.join(', ')}`);
    }
    return { kind, status, retryAfterSeconds: reader.number('retryAfterSeconds') };
  }
  return undefined;
}

function rangeProblem(rate: number | undefined): string | undefined {
  return rate !== undefined && (rate < 0 || rate > 1) ? 'rate must be between 0 and 1' : undefined;
}
