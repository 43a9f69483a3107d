// A sharded run (blob reporter per shard) merged by `playwright merge-reports` with the conformance
// reporter gives one report with every shard's checks, and the same matrix as an unsharded run.
import { cpSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ConformanceReport } from '../../src/report/model.ts';
import { FIXTURE_CONFIG, playwright, tempDir } from './support/spawn.ts';

test('two shards merged into one conformance report equal the unsharded run', async () => {
  test.setTimeout(150_000);
  const dir = tempDir('shards');
  const env = { INGO_TARGET: 'mock', INGO_SEED: '4242' };
  const whole = join(dir, 'whole');
  await playwright(['test', '-c', FIXTURE_CONFIG], { ...env, INGO_REPORTS_DIR: whole, INGO_FIXTURE_OUTPUT: join(dir, 'results-whole') });

  // Each CI machine writes its own blob; the merge step collects them into one directory.
  const merged = join(dir, 'all-blobs');
  mkdirSync(merged);
  for (const shard of [1, 2]) {
    const blob = join(dir, `blob-${shard}`);
    await playwright(['test', '-c', FIXTURE_CONFIG, `--shard=${shard}/2`, '--reporter=blob'], { ...env, PLAYWRIGHT_BLOB_OUTPUT_DIR: blob, INGO_FIXTURE_OUTPUT: join(dir, `results-${shard}`) });
    for (const file of readdirSync(blob)) cpSync(join(blob, file), join(merged, file));
  }
  expect(readdirSync(merged).sort()).toEqual(['report-1.zip', 'report-2.zip']);
  const out = join(dir, 'merged-report');
  // No INGO_SEED here: the seed must come from the shards' recorded metadata.
  const merge = await playwright(['merge-reports', '--reporter=./src/report/conformance-reporter.ts', merged], { INGO_TARGET: 'mock', INGO_REPORTS_DIR: out });
  expect(merge.code, merge.stderr).toBe(0);

  const a: ConformanceReport = JSON.parse(readFileSync(join(whole, 'conformance.json'), 'utf8'));
  const b: ConformanceReport = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8'));
  expect(b.run).toMatchObject({ seed: 4242, shards: 2, filters: [], configFile: FIXTURE_CONFIG });
  expect(b.tests.map((t) => t.id).sort()).toEqual(a.tests.map((t) => t.id).sort());
  expect(b.requirements.map((r) => [r.id, r.status])).toEqual(a.requirements.map((r) => [r.id, r.status]));
  expect(b.tests.find((t) => t.project === 'browser')!.screenshots).toHaveLength(1);
  expect(readFileSync(join(out, 'conformance.html'), 'utf8')).toContain('from 2 shards');
});
