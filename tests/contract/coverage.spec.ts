// Every `rule` requirement of the contract's catalog that belongs to the API (all but SM-URL-*, which
// the browser suite covers) is verified by at least one test of tests/contract, read from the tags of
// the spec files' test() and test.describe() calls (parsed with the TypeScript compiler, so comments
// and strings elsewhere do not count). Every tag naming a requirement must name one in the catalog.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../../src/harness/fixtures.ts';
import ts from 'typescript';
import { loadContract } from '../../src/contract/index.ts';

const here = dirname(fileURLToPath(import.meta.url));

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
function taggedTests(): TaggedTest[] {
  const out: TaggedTest[] = [];
  for (const file of readdirSync(here).filter((f) => f.endsWith('.spec.ts'))) {
    const source = ts.createSourceFile(file, readFileSync(join(here, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    const tables = tableLiterals(source);
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

test.describe('requirement coverage of the API suites', { tag: ['@harness'] }, () => {
  const contract = loadContract();
  const tests = taggedTests();
  const tagged = new Map<string, string[]>();
  for (const t of tests) for (const tag of t.tags) tagged.set(tag, [...(tagged.get(tag) ?? []), `${t.file} › ${t.title}`]);

  test('every API rule of the catalog is covered by at least one test', () => {
    const apiRules = contract.requirements.filter((r) => r.kind === 'rule' && !r.id.startsWith('SM-URL-')).map((r) => r.id);
    expect(apiRules.length).toBeGreaterThan(30);
    const missing = apiRules.filter((id) => !tagged.has(`@${id}`));
    expect(missing, `rules without a test in tests/contract: ${missing.join(', ')}`).toEqual([]);
  });

  test('every observation of the catalog is recorded by at least one test', () => {
    const observations = contract.requirements.filter((r) => r.kind === 'observation').map((r) => r.id);
    const missing = observations.filter((id) => !tagged.has(`@${id}`));
    expect(missing, `observations without a test: ${missing.join(', ')}`).toEqual([]);
  });

  test('every requirement tag names a catalog id, and every test names one', () => {
    const known = new Set(contract.requirements.map((r) => `@${r.id}`));
    const unknown = [...tagged.keys()].filter((tag) => /^@(SM|OBS)-/.test(tag) && !known.has(tag));
    expect(unknown, 'tags that name no catalog requirement').toEqual([]);
    const untagged = tests.filter((t) => !t.tags.some((tag) => known.has(tag) || tag === '@harness'));
    expect(untagged.map((t) => `${t.file} › ${t.title}`), 'tests without a requirement id (or @harness for the harness own tests)').toEqual([]);
  });
});
