// The harness against a target that is down, too slow, resets connections, answers garbage or keeps
// asking to slow down: the run finishes, the failures are infrastructure errors (exit 3), never
// conformance failures (exit 1), and no request without an Idempotency-Key is ever sent twice.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { tsx } from '../report/support/spawn.ts';
import { deadUrl, startFaultyServer, type FaultyBehaviour, type ReceivedRequest } from './faulty-servers.ts';

// A few checks that make requests with and without Idempotency-Key; enough to show the classification.
const GREP = '@SM-DOC-EXAMPLE|@SM-IDEM-REPLAY|@SM-HOST-DEFAULT';

interface ConformanceRun {
  readonly exitCode: number | null;
  readonly output: string;
  readonly report: { counts: Record<string, number>; testCounts: Record<string, number> };
}

async function runConformance(baseUrl: string): Promise<ConformanceRun> {
  const dir = mkdtempSync(join(tmpdir(), 'ingo-faulty-'));
  try {
    // One nested run at a time, its time limit following its progress (tests/report/support/spawn.ts).
    const run = await tsx('src/cli/conformance.ts', ['--grep', GREP, '--output', join(dir, 'test-results')], {
      INGO_TARGET: 'remote',
      INGO_BASE_URL: baseUrl,
      INGO_HMAC_USERNAME: 'demo-paypal',
      INGO_HMAC_SECRET: 'faulty-target-test-secret',
      INGO_HOST_URI: 'https://digitalpay.ingo.money',
      INGO_PAYPAL_ENABLED: 'true',
      INGO_REQUEST_TIMEOUT_MS: '1500',
      INGO_REPORTS_DIR: join(dir, 'reports'),
      INGO_SEED: '7',
    });
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'conformance.json'), 'utf8'));
    return { exitCode: run.code, output: run.stdout + run.stderr, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function unkeyedDuplicates(received: readonly ReceivedRequest[]): number {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const r of received.filter((r) => r.idempotencyKey === undefined)) {
    if (seen.has(r.bodySha256)) duplicates += 1;
    seen.add(r.bodySha256);
  }
  return duplicates;
}

test.describe.configure({ mode: 'parallel' });

test('a target that is down: the run finishes with infrastructure errors only (exit 3)', async () => {
  test.setTimeout(120_000);
  const run = await runConformance(await deadUrl());
  expect(run.exitCode, run.output.slice(-2000)).toBe(3);
  expect(run.report.testCounts['failed']).toBe(0);
  expect(run.report.testCounts['infrastructureError']).toBeGreaterThan(0);
  expect(run.output).not.toContain('faulty-target-test-secret');
});

for (const behaviour of ['slow', 'reset', 'garbage', 'slow-down'] as FaultyBehaviour[]) {
  test(`a target that ${behaviour === 'slow' ? 'never answers' : behaviour === 'reset' ? 'resets connections' : behaviour === 'garbage' ? 'answers garbage' : 'keeps answering 503 Retry-After'}: infrastructure errors only (exit 3), no unsafe duplicate`, async () => {
    test.setTimeout(120_000);
    const server = await startFaultyServer(behaviour);
    try {
      const run = await runConformance(server.url);
      expect(run.exitCode, run.output.slice(-2000)).toBe(3);
      expect(run.report.testCounts['failed']).toBe(0);
      expect(run.report.testCounts['infrastructureError']).toBeGreaterThan(0);
      expect(server.received.length).toBeGreaterThan(0);
      expect(unkeyedDuplicates(server.received)).toBe(0);
      if (behaviour === 'slow-down') {
        // Keyed requests are retried (bounded); so at least one key arrives more than once.
        const keys = server.received.flatMap((r) => (r.idempotencyKey ? [r.idempotencyKey] : []));
        expect(new Set(keys).size).toBeLessThan(keys.length);
        expect(keys.length).toBeLessThan(50);
      }
    } finally {
      await server.close();
    }
  });
}
