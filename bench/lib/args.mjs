// The flags every bench shares: `--json` prints the summary as JSON; `--full` selects the sizes
// the documented numbers were measured at; `--name=value` overrides one size.

const argv = process.argv.slice(2);

/** Whether `--name` was given. */
export function flag(name) {
  return argv.includes(`--${name}`);
}

/** The number given as `--name=n` or `--name n`, else `fallback`. */
export function numberOption(name, fallback) {
  const index = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index === -1) return fallback;
  const text = argv[index].includes('=') ? argv[index].split('=')[1] : argv[index + 1];
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number`);
  return value;
}

/** The run's size: `full` when `--full` is given, else `quick`. */
export function sizeOf(sizes) {
  const size = flag('full') ? 'full' : 'quick';
  return { size, ...sizes[size] };
}

/** Prints `summary` as JSON with `--json`, else calls `printText(summary)`. */
export function report(summary, printText) {
  if (flag('json')) console.log(JSON.stringify(summary, null, 2));
  else printText(summary);
}
