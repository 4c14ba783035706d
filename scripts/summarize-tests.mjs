// Adds up the vitest JSON reports that every package writes to reports/vitest.json, plus the
// gates that scripts/test.sh ran, and prints the closing `N passed, N failed` line. Exits non-zero
// when anything failed or when no test ran at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [gatesPassed = 0, gatesFailed = 0] = process.argv.slice(2).map(Number);
const workspaceDirs = ['packages', 'apps', 'examples'];
let passed = 0;
let failed = 0;
let skipped = 0;

for (const top of workspaceDirs) {
  if (!existsSync(top)) continue;
  for (const name of readdirSync(top)) {
    const report = join(top, name, 'reports', 'vitest.json');
    if (!existsSync(report)) continue;
    const result = JSON.parse(readFileSync(report, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    skipped += result.numPendingTests + result.numTodoTests;
    // A suite that failed to load reports no tests; count it so that it cannot pass silently.
    failed += result.testResults.filter(
      (file) => file.status === 'failed' && !file.assertionResults.length,
    ).length;
    console.log(
      `${join(top, name)}: ${result.numPassedTests} passed, ${result.numFailedTests} failed`,
    );
  }
}

console.log(`gates: ${gatesPassed} passed, ${gatesFailed} failed`);
const totalPassed = passed + gatesPassed;
const totalFailed = failed + gatesFailed + (passed === 0 ? 1 : 0);
const tail = skipped ? `, ${skipped} skipped` : '';
console.log(`${totalPassed} passed, ${totalFailed} failed${tail}`);
process.exit(totalFailed === 0 ? 0 : 1);
