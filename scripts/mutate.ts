/**
 * `npm run mutate [-- <stryker options>]`: runs StrykerJS (stryker.config.mjs) and prints each mutated file's score
 * from its JSON report (reports/mutation/mutation.json). Exits non-zero when Stryker fails or a file scores under
 * 90 %. `npm run mutate -- --mutate src/proxy/request-body/base64.ts` re-tests one file; the others keep their earlier results.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TARGET = 90;
const REPORT = 'reports/mutation/mutation.json';

interface MutantResult {
  status: 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
}

const started = performance.now();
const stryker = spawnSync('npx', ['stryker', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
const minutes = ((performance.now() - started) / 60_000).toFixed(1);
if (stryker.status !== 0) process.exit(stryker.status ?? 1);

const report = JSON.parse(readFileSync(REPORT, 'utf8')) as { files: Record<string, { mutants: MutantResult[] }> };
const rows = Object.entries(report.files)
  .map(([file, { mutants }]) => {
    const count = (...statuses: MutantResult['status'][]) => mutants.filter((mutant) => statuses.includes(mutant.status)).length;
    const detected = count('Killed', 'Timeout');
    const undetected = count('Survived', 'NoCoverage');
    // Stryker's mutation score: compile errors, runtime errors and ignored (documented equivalent) mutants are left out.
    const score = detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);
    return { file, score, detected, undetected, invalid: count('CompileError', 'RuntimeError'), ignored: count('Ignored') };
  })
  .sort((a, b) => a.file.localeCompare(b.file));

const width = Math.max(...rows.map((row) => row.file.length));
console.log(`\n${'File'.padEnd(width)}  Score  Killed  Survived  Invalid  Ignored`);
for (const row of rows) {
  const flag = row.score < TARGET ? `  ← under ${TARGET} %` : '';
  console.log(
    `${row.file.padEnd(width)}  ${row.score.toFixed(1).padStart(5)}  ${String(row.detected).padStart(6)}  ${String(row.undetected).padStart(8)}  ${String(row.invalid).padStart(7)}  ${String(row.ignored).padStart(7)}${flag}`,
  );
}
console.log(`\nStryker ran ${minutes} min. Survivors: the clear-text list above, or ${REPORT}.`);
process.exit(rows.some((row) => row.score < TARGET) ? 1 : 0);
