// One runner for everything: unit tests, the simulator's own tests, the API conformance suites and
// the browser checks, split into projects by concern.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './src/browser/launch.ts';
import { prepareRunEnvironment } from './src/run/environment.ts';

const run = prepareRunEnvironment();

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: true,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: run.reporters,
  // Carried by blob reports into merge-reports, so a report merged from shards keeps the run's seed.
  metadata: run.metadata,
  use: {
    launchOptions: chromiumLaunchOptions(),
    // Traces would hold request bodies and page snapshots with recipient data; evidence is attached
    // masked by the tests instead.
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'unit', testDir: './tests/unit' },
    { name: 'mock', testDir: './tests/mock' },
    { name: 'generators', testDir: './tests/generators' },
    // Browser before api: tests are handed out in project order, and the browser project's one
    // real-time expiry wait (remote mode) should overlap the API suites, not follow them.
    { name: 'browser', testDir: './tests/browser' },
    { name: 'api', testDir: './tests/contract' },
    { name: 'report', testDir: './tests/report' },
    { name: 'resilience', testDir: './tests/resilience' },
    // The integrator's own client: the explaining simulator, the validation proxy, the client card and its reference clients.
    { name: 'certify', testDir: './tests/certify' },
  ],
});
