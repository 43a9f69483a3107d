// No false alarms: consecutive full runs (API + browser suites) against the clean simulator, each with
// its own seed. Any failure is a flaky or wrong check, to be fixed at its cause.
// Usage: npm run false-alarms [-- --runs=20]
import { mkdirSync, writeFileSync } from 'node:fs';
import { runPlaywright } from './lib/playwright-run.ts';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 20);
const firstSeed = Number(process.env['INGO_SEED'] ?? Math.floor(Math.random() * 0x7ffff000));

const rows: Array<{ seed: number; passed: number; failed: number; skipped: number; seconds: number; failures: string[] }> = [];
const started = performance.now();
for (let i = 0; i < runs; i++) {
  const seed = (firstSeed + i * 7919) % 0x7fffffff;
  const result = await runPlaywright({ projects: ['api', 'browser'], env: { INGO_TARGET: 'mock', INGO_SEED: String(seed) }, workers: 2, timeoutMs: 300_000 });
  const failures = result.failures.map((f) => `${f.title}: ${f.error?.split('\n')[0] ?? ''}`);
  rows.push({ seed, passed: result.passed, failed: result.failed, skipped: result.skipped, seconds: result.wallMs / 1000, failures });
  console.log(`run ${String(i + 1).padStart(2)}/${runs}  seed ${String(seed).padStart(10)}  ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped  ${(result.wallMs / 1000).toFixed(1)} s`);
  for (const f of failures) console.log(`   ✘ ${f}`);
}
const failedRuns = rows.filter((r) => r.failed > 0 || r.passed === 0).length;
const wall = (performance.now() - started) / 1000;
console.log(`\nfalse alarms: ${failedRuns} of ${runs} runs failed (${rows.reduce((n, r) => n + r.failed, 0)} failing tests); wall time ${wall.toFixed(0)} s`);
mkdirSync('reports', { recursive: true });
writeFileSync('reports/false-alarms.json', JSON.stringify({ runs, failedRuns, wallSeconds: wall, rows }, null, 2));
process.exit(failedRuns === 0 ? 0 : 1);
