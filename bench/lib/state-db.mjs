// Reads what `lifeline serve` left in its state directory once it has stopped: the subscriptions
// named by work still in the outbox and by work moved to failed_work (dead-lettered).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

function subscriptionIds(rows) {
  const ids = [];
  for (const { work } of rows) {
    try {
      for (const item of JSON.parse(work).value ?? []) ids.push(item.subscriptionId);
    } catch {
      ids.push('(unreadable)');
    }
  }
  return ids;
}

/** `{ pending, failed }`: subscription ids in the outbox and in failed_work. */
export function readServeState(stateDir) {
  const path = join(stateDir, 'lifeline.db');
  if (!existsSync(path)) return { pending: [], failed: [] };
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return {
      pending: subscriptionIds(db.prepare('SELECT work FROM outbox').all()),
      failed: subscriptionIds(db.prepare('SELECT work FROM failed_work').all()),
    };
  } finally {
    db.close();
  }
}
