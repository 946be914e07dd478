// Prints the closing line CI reads, from Vitest's JSON report. Skipped or pending tests count as failed:
// a test that did not run proved nothing.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`no test report at ${file}: ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const notRun = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// A test file that failed before running any test (an import error) has no failed assertion of its own.
const brokenFiles = (report.testResults ?? []).filter(
  (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'),
).length;
const failed = (report.numFailedTests ?? 0) + notRun + brokenFiles;
if (notRun > 0) console.log(`${notRun} test(s) were skipped; counted as failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
