// @web/test-runner's summary has no plain "N passed, N failed" line; this reporter writes the counts to a
// file so scripts/run-tests.ts can print one line for the whole suite.
import { writeFileSync } from 'node:fs';

function countTests(suite, counts) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite?.suites ?? []) countTests(child, counts);
  return counts;
}

export function countingReporter({ file = process.env.WTR_COUNTS_FILE } = {}) {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        countTests(session.testResults, counts);
        // A file that crashed before reporting any test still has to fail the run.
        if (!session.passed && !session.testResults?.tests?.length && !session.testResults?.suites?.length) counts.failed += 1;
      }
      if (file) writeFileSync(file, JSON.stringify(counts));
    },
  };
}
