// Requirement coverage, as a harness self-test (it never runs inside a conformance run). A rule is
// covered by a check that can run against the configured target and assert it: not skipped for this
// target, tagged with the rule, and able to fail on it (a check that judges per rule covers only the
// rules its cases exercised). That is proven by running the conformance suites (api and browser) for
// a mock and for a remote configuration and reading the report (src/report/coverage.ts), not by
// counting tags. The tags themselves are checked statically: each names a catalog id.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import ts from 'typescript';
import { loadContract } from '../../src/contract/index.ts';
import { startSimulator } from '../../src/mock/index.ts';
import { coverageOf, type RuleCoverage } from '../../src/report/coverage.ts';
import type { ConformanceReport } from '../../src/report/model.ts';
import { REPO_ROOT } from '../../src/report/run-context.ts';
import { playwright, tempDir } from '../report/support/spawn.ts';
import { remoteEnv } from '../../scripts/lib/personality-env.ts';

const SUITES = ['tests/contract', 'tests/browser'];
/**
 * What a remote configuration cannot check, by design, each with the reason the report gives: key
 * lifetimes are two hours of real time (contract-notes: keys live 2 hours), checked with the
 * simulator's virtual clock only.
 */
const REMOTE_GAPS = ["SM-IDEM-TTL (not-checked: needs the simulator's virtual clock (mock mode only))"];

interface TaggedTest {
  readonly file: string;
  readonly title: string;
  readonly tags: readonly string[];
}

/**
 * Tests and describes with their tags (a describe's tags apply to the tests inside it). A tag that is
 * not a string literal but a loop variable over a table (`for (const [key, tag] of TABLE)`, with
 * `const TABLE = [...]` in the same file) stands for the '@…' literals of that table.
 */
function taggedTests(dir: string): TaggedTest[] {
  const out: TaggedTest[] = [];
  const parse = (file: string) => ts.createSourceFile(file, readFileSync(join(dir, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  // Tables the specs share (field-rule-tables.ts) count as theirs.
  const shared = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts')).flatMap((f) => [...tableLiterals(parse(f))]);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.spec.ts'))) {
    const source = parse(file);
    const tables = new Map([...shared, ...tableLiterals(source)]);
    const visit = (node: ts.Node, inherited: readonly string[], loopTables: readonly string[]) => {
      let tags = inherited;
      let tablesHere = loopTables;
      if (ts.isForOfStatement(node) && ts.isIdentifier(node.expression) && tables.has(node.expression.text)) {
        tablesHere = [...loopTables, ...tables.get(node.expression.text)!];
      }
      if (ts.isCallExpression(node) && isTestCall(node.expression)) {
        const [title, details] = node.arguments;
        const own = details && ts.isObjectLiteralExpression(details) ? tagsOf(details, tablesHere) : [];
        tags = [...inherited, ...own];
        const isDescribe = node.expression.getText(source).includes('describe');
        if (!isDescribe) out.push({ file, title: title ? title.getText(source) : '?', tags });
      }
      ts.forEachChild(node, (child) => visit(child, tags, tablesHere));
    };
    visit(source, [], []);
  }
  return out;
}

/** `const NAME = [...]` at the top of a file → the '@…' string literals inside it. */
function tableLiterals(source: ts.SourceFile): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
      const found: string[] = [];
      const collect = (node: ts.Node) => {
        if (ts.isStringLiteral(node) && node.text.startsWith('@')) found.push(node.text);
        ts.forEachChild(node, collect);
      };
      collect(declaration.initializer);
      if (found.length > 0) tables.set(declaration.name.text, found);
    }
  }
  return tables;
}

function isTestCall(callee: ts.Expression): boolean {
  const text = callee.getText();
  return /^test(\.(describe|only|skip|fixme|fail))?(\.(only|skip|fixme|serial|parallel))?$/.test(text);
}

function tagsOf(details: ts.ObjectLiteralExpression, loopTables: readonly string[]): string[] {
  const property = details.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'tag');
  if (!property) return [];
  const value = property.initializer;
  const elements = ts.isArrayLiteralExpression(value) ? [...value.elements] : [value];
  return elements.flatMap((e) => (ts.isStringLiteral(e) ? [e.text] : ts.isIdentifier(e) ? [...loopTables] : []));
}


/** Runs the conformance suites as `npm run conformance` does (api and browser) and returns the report. */
async function conformanceRun(env: Record<string, string>): Promise<ConformanceReport> {
  const dir = tempDir('coverage');
  // The onboarding profile's few generated cases: a rule must not owe its coverage to a lucky draw.
  const run = await playwright(['test', '--project', 'api', '--project', 'browser', '--output', join(dir, 'test-results')], { INGO_PROFILE: 'onboarding', INGO_SEED: '1234', INGO_REPORTS_DIR: join(dir, 'reports'), ...env }, 280_000);
  expect(run.code, run.stdout.slice(-3000) + run.stderr.slice(-2000)).toBe(0);
  return JSON.parse(readFileSync(join(dir, 'reports', 'conformance.json'), 'utf8')) as ConformanceReport;
}

const describeGaps = (coverage: readonly RuleCoverage[]) => coverage.filter((c) => !c.covered).map((c) => `${c.id} (${c.why})`);

test.describe('requirement coverage of the conformance suites', { tag: ['@harness'] }, () => {
  test.describe.configure({ timeout: 300_000 });

  test('mock configuration: every rule of the catalog is covered by a check that ran against the simulator and decided it', async () => {
    const coverage = coverageOf(await conformanceRun({ INGO_TARGET: 'mock' }));
    expect(coverage.length).toBeGreaterThan(40);
    expect(describeGaps(coverage), 'rules no check could fail in a mock run').toEqual([]);
  });

  test('remote configuration: every rule is covered without the simulator\'s extras, but the 2-hour key lifetime, which is not checked in real time and says why', async () => {
    const simulator = await startSimulator({});
    try {
      const coverage = coverageOf(
        await conformanceRun(remoteEnv(simulator.url)),
      );
      expect(describeGaps(coverage), 'rules no check could fail in a remote run').toEqual(REMOTE_GAPS);
    } finally {
      await simulator.close();
    }
  });

  test('every requirement tag names a catalog id, and every conformance check names one (or @harness)', () => {
    const contract = loadContract();
    const known = new Set(contract.requirements.map((r) => `@${r.id}`));
    const tests = SUITES.flatMap((dir) => taggedTests(join(REPO_ROOT, dir)));
    expect(tests.length).toBeGreaterThan(50);
    const unknown = [...new Set(tests.flatMap((t) => t.tags))].filter((tag) => /^@(SM|OBS)-/.test(tag) && !known.has(tag));
    expect(unknown, 'tags that name no catalog requirement').toEqual([]);
    const untagged = tests.filter((t) => !t.tags.some((tag) => known.has(tag) || tag === '@harness'));
    expect(untagged.map((t) => `${t.file} › ${t.title}`), 'tests without a requirement id').toEqual([]);
  });
});
