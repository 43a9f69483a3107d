import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { DEFAULT_CONTRACT_PATH } from '../../src/contract/index.ts';

const run = promisify(execFile);

test('the contract lints clean with Redocly (recommended rules, zero errors and warnings)', async () => {
  test.setTimeout(60_000);
  const result = await run('npx', ['redocly', 'lint', DEFAULT_CONTRACT_PATH, '--format=json'], { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } }).catch(
    (error: { stdout: string; stderr: string }) => error,
  );
  const report = JSON.parse(result.stdout) as { totals: { errors: number; warnings: number }; problems: Array<{ message: string }> };
  expect(report.problems.map((p) => p.message)).toEqual([]);
  expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
});
