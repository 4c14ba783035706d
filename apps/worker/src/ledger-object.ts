/**
 * The Durable Object that holds one subscription's state: its ledger entry, the lease that lets
 * one consumer at a time act on it, the template to re-create it from, and its dead letters.
 * Named by subscription id, so every isolate anywhere reaches the same object for a subscription,
 * and a check-then-write inside one method cannot interleave with another call.
 *
 * @module
 */

import { DurableObject } from 'cloudflare:workers';
import type { LedgerEntry } from '@lifeline/core';
import type { WorkerEnv } from './env.js';
import type { SubscriptionTemplate } from './template.js';

/** The answer to a lease request. */
export type LeaseResult =
  | { readonly acquired: true }
  | { readonly acquired: false; readonly retryAfterMs: number };

/** A queued message that could not be acted on, as recorded for the operator. */
export interface DeadLetter {
  readonly subscriptionId: string;
  readonly lifecycleEvent: string;
  /** Why it was given up: an outcome's error code and message, safe to log. */
  readonly reason: string;
  readonly attempts: number;
  /** When it was dead-lettered, ISO 8601. */
  readonly at: string;
}

function sameTemplate(a: SubscriptionTemplate, b: SubscriptionTemplate): boolean {
  const { recordedAt: _a, ...left } = a;
  const { recordedAt: _b, ...right } = b;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every(
    (key) => left[key as keyof typeof left] === right[key as keyof typeof right],
  );
}

interface Lease {
  readonly holder: string;
  readonly until: number;
}

// A subscription nobody wrote about for this long is forgotten; Graph's longest subscription
// lifetime is under 30 days, and every renewal writes.
const retentionMs = 35 * 24 * 60 * 60_000;
const maxDeadLetters = 20;

/** One subscription's durable state. Its methods are called over RPC through a stub. */
export class LedgerObject extends DurableObject<WorkerEnv> {
  /** The ledger entry, or `undefined`. */
  get(subscriptionId: string): LedgerEntry | undefined {
    return this.ctx.storage.kv.get<LedgerEntry>(`entry:${subscriptionId}`);
  }

  /** Replaces the ledger entry. */
  async put(subscriptionId: string, entry: LedgerEntry): Promise<void> {
    await this.write(`entry:${subscriptionId}`, entry);
  }

  /**
   * Takes the lease for `ttlMs` unless another holder has it; the holder of a live lease may
   * extend it. A lease ends by {@link LedgerObject.releaseLease} or when its time runs out, so a
   * consumer that died cannot block the subscription for longer than `ttlMs`.
   */
  acquireLease(holder: string, ttlMs: number): LeaseResult {
    const now = Date.now();
    const lease = this.ctx.storage.kv.get<Lease>('lease');
    if (lease && lease.holder !== holder && lease.until > now) {
      return { acquired: false, retryAfterMs: lease.until - now };
    }
    this.ctx.storage.kv.put('lease', { holder, until: now + ttlMs } satisfies Lease);
    return { acquired: true };
  }

  /** Ends the lease if `holder` has it. */
  releaseLease(holder: string): void {
    if (this.ctx.storage.kv.get<Lease>('lease')?.holder === holder) {
      this.ctx.storage.kv.delete('lease');
    }
  }

  /** The template to re-create the subscription from, or `undefined`. */
  getTemplate(): SubscriptionTemplate | undefined {
    return this.ctx.storage.kv.get<SubscriptionTemplate>('template');
  }

  /**
   * Records the template, keeping the id of a replacement already made. An unchanged template is
   * not written again, since the renewal cron records every subscription on every run.
   */
  async putTemplate(template: SubscriptionTemplate): Promise<void> {
    const stored = this.getTemplate();
    const next = stored?.replacedBy ? { ...template, replacedBy: stored.replacedBy } : template;
    if (stored && sameTemplate(stored, next)) return;
    await this.write('template', next);
  }

  /** Notes the subscription created in this one's place, so that it is made only once. */
  async markReplaced(replacedBy: string): Promise<void> {
    const template = this.getTemplate();
    if (template) await this.write('template', { ...template, replacedBy });
  }

  /** Records a dead letter; the most recent ones are kept. */
  async recordDeadLetter(letter: DeadLetter): Promise<void> {
    const letters = [...this.listDeadLetters(), letter].slice(-maxDeadLetters);
    await this.write('deadLetters', letters);
  }

  /** The dead letters recorded, oldest first. */
  listDeadLetters(): DeadLetter[] {
    return this.ctx.storage.kv.get<DeadLetter[]>('deadLetters') ?? [];
  }

  /** Forgets everything once the retention time has passed without a write. */
  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  private async write(key: string, value: unknown): Promise<void> {
    this.ctx.storage.kv.put(key, value);
    await this.ctx.storage.setAlarm(Date.now() + retentionMs);
  }
}
