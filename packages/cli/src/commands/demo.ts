/**
 * `lifeline demo`: the whole lifecycle story against an embedded emulator, in a few seconds.
 *
 * @module
 */
import { commonOptions, expectPositionals, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { silentNarrator, textNarrator } from '../demo/narrate.js';
import { exitCodes } from '../io.js';
import { createOutput } from '../output.js';

const help = `Run the whole lifecycle story against an embedded Microsoft Graph emulator.

Starts the emulator (with a clock the demo moves, so nothing waits) and lifeline serve's server
in this process, creates subscriptions on mail, calendar, a Teams chat and users with a
lifecycle URL, then lets Graph send reauthorizationRequired (answered with reauthorize, or a
renewal for the subscription near expiry), a repeated challenge (ignored), subscriptionRemoved
(the app's hook creates the subscription again) and missed (the app's hook resyncs). Each is
shown as it is handled, then a summary. Needs no Azure account and no network.

Usage
  lifeline demo [--json]

Options
      --json      print only the summary, as one JSON object
  -h, --help      show this help

Examples
  lifeline demo
  npm start                 the same, from a clone of the repository

Exit codes
  0  every lifecycle notification was handled
  1  one was not (the reason is printed)
  3  the emulator or the server could not start`;

/** The `demo` command. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the lifecycle story against an embedded emulator (a few seconds)',
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, commonOptions);
    const out = createOutput(io.stdout, io.env);
    expectPositionals(positionals, []);
    // Loaded here, with the emulator and the server, so that other commands start quickly.
    const { runDemo } = await import('../demo/run.js');
    const report = await runDemo(values.json ? silentNarrator : textNarrator(out));
    if (values.json) out.line(JSON.stringify({ ok: report.problem === undefined, ...report }));
    if (report.problem && values.json) io.stderr.write(`lifeline demo: ${report.problem}\n`);
    return report.problem === undefined ? exitCodes.ok : exitCodes.rejected;
  },
};
