// Writes each Jest run's pass/fail counts to tmp/test-results/<project>.json so
// scripts/test.mjs can print one "N passed, N failed" line for the whole workspace.
const fs = require('node:fs');
const path = require('node:path');

class JestResultsReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const workspaceRoot = path.resolve(__dirname, '..');
    const project = path.relative(workspaceRoot, this.rootDir).replace(/[\\/]/g, '__') || 'root';
    const outDir = path.join(workspaceRoot, 'tmp', 'test-results');
    fs.mkdirSync(outDir, { recursive: true });
    const summary = {
      project,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    fs.writeFileSync(path.join(outDir, `${project}.json`), JSON.stringify(summary));
  }
}

module.exports = JestResultsReporter;
