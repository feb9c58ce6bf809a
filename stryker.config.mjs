// `npm run mutate` (scripts/mutate.ts runs Stryker with this config, then prints the per-file scores): mutation testing
// of the code that decides trust or validity — the pure face gate, the browser client's response parsing and
// submission, the API contract, and the proxy's verdict signing and verification, request and body validation, base64,
// image checks, rate limit, client address, request target and CORS.
import { readdirSync, readFileSync } from 'node:fs';

const proxyModules = [
  'verdict/verdict-claims',
  'verdict/verdict-input',
  'verdict/verdict-signer',
  'verdict/verify-verdict',
  'request-body/validate-request',
  'upstream/validate-upstream-response',
  'request-body/base64',
  'request-body/image-header',
  'limits/rate-limit',
  'http/client-address',
  'http/request-target',
  'http/cors',
  'http/read-body',
  'limits/byte-budget',
];

// Each mutant runs only the test files that reached it, in this order, and stops at the first that fails: suites of one
// module first, then those that drive the whole proxy (they reach every proxy mutant), the slowest of those last. The
// memory flood (proxy-memory.test.ts) measures RSS, not logic, and takes many minutes through instrumented code: it is
// left out.
const slowSuites = ['test/proxy/proxy-fuzz.test.ts', 'test/proxy/node-listener.test.ts'];
const leftOut = ['test/proxy/proxy-memory.test.ts'];
const drivesWholeProxy = (file) => readFileSync(file, 'utf8').includes("from '../../src/proxy/index.js'");
const testFiles = ['test/unit', 'test/proxy']
  .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => `${dir}/${file}`))
  .filter((file) => file.endsWith('.test.ts') && !slowSuites.includes(file) && !leftOut.includes(file))
  .sort((a, b) => Number(drivesWholeProxy(a)) - Number(drivesWholeProxy(b)) || a.localeCompare(b))
  .concat(slowSuites);

export default {
  mutate: [
    'src/gate/*.ts',
    'src/client/parse-liveness-response.ts',
    'src/client/submit-liveness.ts',
    'src/client/request-verdict.ts',
    'src/contract/liveness-api.ts',
    'src/contract/untrusted-json.ts',
    'src/detector/detection-turns.ts',
    ...proxyModules.map((name) => `src/proxy/${name}.ts`),
  ],
  // Node's own test runner on the Node suites (not the browser, Redis or end-to-end ones), one process per test file,
  // TypeScript through tsx.
  testRunner: 'tap',
  tap: { testFiles, nodeArgs: ['--import', 'tsx', '--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'] },
  coverageAnalysis: 'perTest',
  // The first run of every suite, measuring which test reaches which mutant, takes over 5 minutes on a busy machine.
  dryRunTimeoutMinutes: 30,
  // Mutants that TypeScript rejects count as compile errors, outside the score.
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutate.json',
  // The machine is shared; `--concurrency 1` while others work.
  concurrency: 2,
  // Reuses earlier results (reports/stryker-incremental.json) for mutants whose code and covering tests are unchanged.
  incremental: true,
  reporters: ['json', 'clear-text', 'progress'],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: false },
  tempDirName: '.stryker-tmp',
  // Generated output (the camera feeds alone are ~200 MB) stays out of the sandbox copy.
  ignorePatterns: ['/build', '/dist', '/test-results', '/.cache'],
};
