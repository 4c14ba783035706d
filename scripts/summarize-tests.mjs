// Adds up the vitest JSON reports that every workspace package writes to reports/vitest.json,
// plus the gates that scripts/test.sh ran, and prints the closing `N passed, N failed` line.
// Exits non-zero when anything failed or when no test ran at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [gatesPassed = 0, gatesFailed = 0] = process.argv.slice(2).map(Number);
const packageDirs = ['packages', 'apps', 'examples']
  .filter((top) => existsSync(top))
  .flatMap((top) => readdirSync(top).map((name) => join(top, name)))
  .concat(['bench']);

let passed = 0;
let failed = 0;
let skipped = 0;
for (const dir of packageDirs) {
  const report = join(dir, 'reports', 'vitest.json');
  if (!existsSync(report)) continue;
  const result = JSON.parse(readFileSync(report, 'utf8'));
  // A file that failed to load reports no tests; count it so that it cannot pass silently.
  const unloaded = result.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.length,
  ).length;
  passed += result.numPassedTests;
  failed += result.numFailedTests + unloaded;
  skipped += result.numPendingTests + result.numTodoTests;
  console.log(
    `${dir}: ${result.numPassedTests} passed, ${result.numFailedTests + unloaded} failed`,
  );
}

console.log(`gates: ${gatesPassed} passed, ${gatesFailed} failed`);
const totalPassed = passed + gatesPassed;
const totalFailed = failed + gatesFailed + (passed === 0 ? 1 : 0);
const tail = skipped ? `, ${skipped} skipped` : '';
console.log(`${totalPassed} passed, ${totalFailed} failed${tail}`);
process.exit(totalFailed === 0 ? 0 : 1);
