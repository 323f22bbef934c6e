/**
 * `npm test`: every vitest project (unit, integration, infra, browser) in one run, then one plain
 * summary line, `N passed, M failed`, which `.ci/run` repeats as its last line. Extra arguments go
 * to vitest (e.g. `npm test -- --project unit`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const reportDir = '.cache';
const reportFile = join(reportDir, 'test-report.json');
mkdirSync(reportDir, { recursive: true });
rmSync(reportFile, { force: true });

const vitest = spawnSync(
  process.execPath,
  [join('node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
);

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { status: string; assertionResults: { status: string }[] }[];
}
let summary: string;
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  // A file that failed without a failing test (it did not load, or a hook threw) counts as one
  // failure, so such a file can never hide behind a green count.
  const brokenFiles = report.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  ).length;
  const failed = report.numFailedTests + brokenFiles;
  const skipped = report.numPendingTests + report.numTodoTests;
  summary = `${report.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
} else {
  summary = `0 passed, 1 failed`;
}
writeFileSync(join(reportDir, 'test-summary.txt'), `${summary}\n`);
console.log(`\n${summary}`);
const failedRun = vitest.status !== 0 || !summary.includes(', 0 failed');
process.exit(failedRun ? 1 : 0);
