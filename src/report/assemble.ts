// Assembles the ConformanceReport from the test records and the catalog: the matrix, counts, the
// verdict, the drift list and the warnings a person should read even when everything passed.
import type { Requirement } from '../contract/index.ts';
import { buildMatrix, countRequirements, countTests, firstLine, verdictOf } from './matrix.ts';
import type { ConformanceReport, DriftWarning, RunInfo, TestRecord } from './model.ts';
import { requirementCommand } from './reproduce.ts';

export function assembleReport(catalog: readonly Requirement[], tests: readonly TestRecord[], run: RunInfo, runErrors: readonly string[] = []): ConformanceReport {
  const ids = catalog.map((r) => r.id);
  const requirements = buildMatrix(catalog, tests, {
    command: (id, projects) => requirementCommand(run, id, projects, ids),
    filters: run.filters,
  });
  const counts = countRequirements(requirements);
  const testCounts = countTests(tests);
  return {
    schemaVersion: 1,
    run,
    verdict: verdictOf(counts, testCounts, runErrors.length),
    counts,
    testCounts,
    requirements,
    tests,
    drift: collectDrift(tests),
    warnings: [...runErrors.map((message) => ({ message: `harness error outside any check: ${message}` })), ...collectWarnings(tests, new Set(ids))],
    runErrors,
  };
}

function collectDrift(tests: readonly TestRecord[]): DriftWarning[] {
  const byKey = new Map<string, { path: string; observed: string; testIds: string[] }>();
  for (const test of tests) {
    for (const d of test.drift) {
      const key = `${d.path}\u0000${d.observed}`;
      const entry = byKey.get(key) ?? { path: d.path, observed: d.observed, testIds: [] };
      if (!entry.testIds.includes(test.id)) entry.testIds.push(test.id);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function collectWarnings(tests: readonly TestRecord[], known: ReadonlySet<string>): Array<{ message: string; testId?: string }> {
  const out: Array<{ message: string; testId?: string }> = [];
  for (const test of tests) {
    const name = test.titlePath.join(' › ');
    for (const message of test.warnings) out.push({ message: `${name}: ${message}`, testId: test.id });
    for (const id of test.requirementIds) if (!known.has(id)) out.push({ message: `${name}: tagged @${id}, which is not in the contract's catalog`, testId: test.id });
    for (const o of test.observations) if (!known.has(o.id)) out.push({ message: `${name}: observation for ${o.id}, which is not in the contract's catalog`, testId: test.id });
    if (test.flaky) out.push({ message: `${name}: passed only on retry ${test.retries} (flaky)`, testId: test.id });
    if (test.outcome === 'harness-error') {
      out.push({ message: `${name}: harness error — ${firstLine(test.harnessErrors[0] ?? test.reason ?? test.errors[0] ?? '')}: the harness needs fixing; this is not a verdict on the server, and the rules of this check are not checked`, testId: test.id });
    } else if (test.harnessErrors.length > 0) {
      out.push({ message: `${name}: the harness also failed during this check — ${firstLine(test.harnessErrors[0]!)}`, testId: test.id });
    }
    if (test.requirementIds.length === 0 && test.checkFailures.length === 0 && test.outcome === 'failed') {
      const self = test.tags.includes('@harness');
      out.push({ message: `${name}: ${self ? 'a harness self-check failed: the harness needs fixing, and its verdicts may be incomplete' : 'failed, and is tagged with no requirement'} — ${firstLine(test.errors[0] ?? '')}`, testId: test.id });
    }
  }
  return out;
}
