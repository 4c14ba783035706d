/**
 * The demo's story, start to end, in one process: an emulator on a frozen clock, `lifeline
 * serve`'s server with its SQLite outbox, subscriptions on several resources, and the three
 * lifecycle events, each handled as Graph would see it. Time moves by advancing the emulator's
 * clock, so the whole story takes a few seconds.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LifecycleHooks, LifecycleNotification } from '@lifeline/core';
import { formatRelative } from '../duration.js';
import { type EmbeddedEmulator, startEmbeddedEmulator } from '../serve/embedded-emulator.js';
import { type LifelineServer, startLifelineServer } from '../serve/server.js';
import type { DemoCalls, DemoRow, Narrator } from './narrate.js';
import {
  createDemoSubscription,
  type DemoSubscription,
  type DemoTarget,
  demoSubscriptions,
} from './scenario.js';
import { createOutcomeTracker, type DemoOutcome, type OutcomeTracker } from './tracker.js';

/** What the demo did. */
export interface DemoReport {
  readonly emulatorUrl: string;
  readonly serverUrl: string;
  readonly rows: DemoRow[];
  readonly calls: DemoCalls;
  /** Why the demo stopped early, or `undefined` when every step finished. */
  readonly problem: string | undefined;
}

interface DemoContext {
  readonly embedded: EmbeddedEmulator;
  readonly narrator: Narrator;
  readonly tracker: OutcomeTracker;
  /** The demo subscription behind each subscription id, replacements included. */
  readonly subscriptions: Map<string, DemoSubscription>;
  readonly replacements: Map<string, string>;
  readonly rows: DemoRow[];
  server?: LifelineServer;
  target?: DemoTarget;
}

/** Runs the demo and reports what happened; never leaves a server or temporary file behind. */
export async function runDemo(narrator: Narrator): Promise<DemoReport> {
  const embedded = await startEmbeddedEmulator({ frozen: true });
  const stateDir = mkdtempSync(join(tmpdir(), 'lifeline-demo-'));
  const context: DemoContext = {
    embedded,
    narrator,
    tracker: createOutcomeTracker((outcome) => announce(context, outcome)),
    subscriptions: new Map(),
    replacements: new Map(),
    rows: [],
  };
  let problem: string | undefined;
  try {
    await startServer(context, stateDir);
    await tellStory(context);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const calls = await countCalls(embedded).catch(() => ({ create: 0, reauthorize: 0, renew: 0 }));
  await context.server?.close();
  await embedded.emulator.close();
  rmSync(stateDir, { recursive: true, force: true });
  if (!problem) problem = checkRows(context.rows);
  narrator.summary(context.rows, calls, problem);
  const serverUrl = context.server?.url ?? '';
  return { emulatorUrl: embedded.emulator.url, serverUrl, rows: context.rows, calls, problem };
}

async function startServer(context: DemoContext, stateDir: string): Promise<void> {
  const { embedded } = context;
  const now = () => embedded.emulator.clock.now();
  context.server = await startLifelineServer({
    port: 0,
    host: '127.0.0.1',
    path: '/lifecycle',
    stateDir,
    maxAttempts: 3,
    graph: embedded.graph,
    cloud: embedded.cloud,
    appId: embedded.appId,
    clientState: embedded.clientState,
    logger: context.tracker.logger,
    now,
    hooks: demoHooks(context),
  });
  context.target = {
    graph: embedded.graph,
    url: context.server.url,
    clientState: embedded.clientState,
    now,
  };
  context.narrator.intro(embedded.emulator.url, context.server.url, now());
}

async function tellStory(context: DemoContext): Promise<void> {
  const { narrator, tracker, embedded } = context;
  const { emulator } = embedded;
  narrator.step('Create subscriptions, each with a lifecycleNotificationUrl');
  const ids = await createAll(context);
  const isChallenge = (o: DemoOutcome) => o.lifecycleEvent === 'reauthorizationRequired';

  narrator.step('Advance the clock 15 minutes: Graph challenges each subscription');
  emulator.clock.advance(15 * 60_000);
  await tracker.waitFor(ids.size, isChallenge);

  narrator.step('Graph repeats the calendar challenge: the ledger knows it is answered');
  await emulator.admin.lifecycle.send(idOf(ids, 'calendar'), 'reauthorizationRequired');
  await tracker.waitFor(ids.size + 1, isChallenge);

  narrator.step('Graph removes the chat subscription: the hook creates it again');
  await emulator.admin.lifecycle.send(idOf(ids, 'chat'), 'subscriptionRemoved');
  await tracker.waitFor(1, (o) => o.lifecycleEvent === 'subscriptionRemoved');

  // Graph sends `missed` for Outlook messages, events and contacts only.
  narrator.step('Graph missed notifications for the calendar subscription: the hook resyncs');
  await emulator.admin.lifecycle.send(idOf(ids, 'calendar'), 'missed');
  await tracker.waitFor(1, (o) => o.lifecycleEvent === 'missed');
}

async function createAll(context: DemoContext): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const target = context.target as DemoTarget;
  for (const subscription of demoSubscriptions) {
    const created = await createDemoSubscription(target, subscription);
    ids.set(subscription.label, created.id);
    context.subscriptions.set(created.id, subscription);
    const expiry = formatRelative(new Date(created.expirationDateTime), target.now());
    context.narrator.created(subscription.label, subscription.resource, expiry, created.id);
  }
  return ids;
}

function idOf(ids: Map<string, string>, label: string): string {
  return ids.get(label) ?? '';
}

// The app's part of the story: Lifeline cannot know how to recreate a subscription or what to
// resync, so a real app does both in these hooks.
function demoHooks(context: DemoContext): LifecycleHooks {
  return {
    onSubscriptionRemoved: async (notification: LifecycleNotification) => {
      const known = context.subscriptions.get(notification.subscriptionId);
      if (!known || !context.target) throw new Error('not a subscription of the demo');
      const replacement = await createDemoSubscription(context.target, known);
      context.subscriptions.set(replacement.id, known);
      context.replacements.set(notification.subscriptionId, replacement.id);
    },
    onMissed: () => {
      // A real app runs a delta query for the resource here.
    },
  };
}

function announce(context: DemoContext, outcome: DemoOutcome): void {
  const known = context.subscriptions.get(outcome.subscriptionId);
  const row: DemoRow = {
    label: known?.label ?? 'unknown',
    subscriptionId: outcome.subscriptionId,
    resource: known?.resource ?? '',
    lifecycleEvent: outcome.lifecycleEvent,
    action: outcome.action ?? 'none',
    result: outcome.result,
    detail: detailOf(context, outcome),
  };
  context.rows.push(row);
  context.narrator.handled(row);
}

function detailOf(context: DemoContext, outcome: DemoOutcome): string {
  if (outcome.result === 'failed' || outcome.result === 'rejected') return outcome.errorCode ?? '';
  switch (outcome.action) {
    case 'renew': {
      const expiry = context.server?.ledger.get(outcome.subscriptionId)?.expirationDateTime;
      const now = context.embedded.emulator.clock.now();
      return expiry ? `now expires ${formatRelative(new Date(expiry), now)}` : '';
    }
    case 'reauthorize':
      return 'authorized again; expiry unchanged';
    case 'ignore':
      return 'already answered moments ago: nothing sent';
    case 'recreate':
      return `replaced by ${context.replacements.get(outcome.subscriptionId) ?? '?'}`;
    case 'resync':
      return 'the app resyncs the resource (a delta query)';
    default:
      return '';
  }
}

async function countCalls(embedded: EmbeddedEmulator): Promise<DemoCalls> {
  const calls = await embedded.emulator.admin.records.calls();
  const count = (operation: string) =>
    calls.filter((call) => call.operation === operation && call.status < 300).length;
  return { create: count('create'), reauthorize: count('reauthorize'), renew: count('renew') };
}

function checkRows(rows: readonly DemoRow[]): string | undefined {
  const bad = rows.filter((row) => row.result === 'failed' || row.result === 'rejected');
  if (bad.length === 0) return undefined;
  return bad
    .map((row) => `${row.label} ${row.lifecycleEvent}: ${row.result} ${row.detail}`)
    .join('; ');
}
