// The closing line of .ci/run from vitest's JSON report: "N passed, N failed, N skipped".
// A test file that fails to load (a syntax error, a missing import, a throw at the top
// level) reports no failed test; it counts as one failure here, and is named, so a broken
// suite can never leave the line reading "0 failed". vitest's numFailedTestSuites counts
// every failed file; those without a failed test are the ones that did not load.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const suites = report.testResults ?? [];
const unloaded = suites.filter((s) => s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed'));
const failedSuites = report.numFailedTestSuites ?? unloaded.length;
const failed = report.numFailedTests + unloaded.length;
const skipped = report.numPendingTests + (report.numTodoTests ?? 0);
let line = `${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
if (unloaded.length > 0) {
  const names = unloaded.map((s) => relative(process.cwd(), s.name)).join(', ');
  line += ` (${unloaded.length} of ${failedSuites} failed suites did not load: ${names})`;
}
console.log(line);
