/**
 * What the demo shows while it runs: each step, each subscription created, each lifecycle
 * notification as the server handles it, and the summary at the end.
 *
 * @module
 */
import type { Output } from '../output.js';

/** One handled notification, as the demo reports it. */
export interface DemoRow {
  readonly label: string;
  readonly subscriptionId: string;
  readonly resource: string;
  readonly lifecycleEvent: string;
  readonly action: string;
  readonly result: string;
  readonly detail: string;
}

/** How many calls of each kind the emulator recorded as successful. */
export interface DemoCalls {
  readonly create: number;
  readonly reauthorize: number;
  readonly renew: number;
}

/** Receives the demo's progress; the JSON mode uses a silent one. */
export interface Narrator {
  intro(emulatorUrl: string, serverUrl: string, now: Date): void;
  step(text: string): void;
  created(label: string, resource: string, expiry: string, id: string): void;
  handled(row: DemoRow): void;
  summary(rows: readonly DemoRow[], calls: DemoCalls, problem: string | undefined): void;
}

/** A narrator that prints nothing. */
export const silentNarrator: Narrator = {
  intro() {},
  step() {},
  created() {},
  handled() {},
  summary() {},
};

/** A narrator that prints readable lines to `out`. */
export function textNarrator(out: Output): Narrator {
  const { bold, dim, green, red, yellow } = out.style;
  let steps = 0;
  const result = (text: string) =>
    text === 'done' ? green(text) : text === 'ignored' ? yellow(text) : red(text);
  return {
    intro(emulatorUrl, serverUrl, now) {
      out.line(bold('Lifeline demo: keeping Microsoft Graph subscriptions alive'));
      out.line();
      out.line(
        `  Graph + Entra ID  ${emulatorUrl}  ${dim(`(emulator, clock at ${now.toISOString()})`)}`,
      );
      out.line(
        `  lifeline serve    ${serverUrl}  ${dim('(SQLite outbox in a temporary directory)')}`,
      );
    },
    step(text) {
      steps += 1;
      out.line();
      out.line(bold(`${steps}. ${text}`));
    },
    created(label, resource, expiry, id) {
      out.line(`   ${label.padEnd(10)}${resource.padEnd(56)}expires ${expiry.padEnd(8)}${dim(id)}`);
    },
    handled(row) {
      const event = `← ${row.lifecycleEvent}`.padEnd(27);
      const action = `→ ${row.action}`.padEnd(15);
      const detail = row.detail ? `  ${dim(row.detail)}` : '';
      out.line(`   ${event}${row.label.padEnd(10)}${action}${result(row.result)}${detail}`);
    },
    summary(rows, calls, problem) {
      out.line();
      out.line(bold('Summary'));
      out.table(
        ['SUBSCRIPTION', 'RESOURCE', 'EVENT', 'ACTION', 'RESULT'],
        rows.map((row) => [
          row.label,
          row.resource,
          row.lifecycleEvent,
          row.action,
          result(row.result),
        ]),
      );
      out.line();
      out.line(
        `The emulator recorded ${calls.reauthorize} reauthorize, ${calls.renew} renew and ` +
          `${calls.create} create calls that succeeded.`,
      );
      out.line(
        problem
          ? red(`The demo did not finish: ${problem}`)
          : green('Every lifecycle notification was handled.'),
      );
    },
  };
}
