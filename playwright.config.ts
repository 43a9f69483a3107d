// One runner for everything: unit tests, the simulator's own tests, the API conformance suites and
// the browser checks, split into projects by concern.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './src/browser/launch.ts';
import { prepareRunEnvironment } from './src/run/environment.ts';

const run = prepareRunEnvironment();

// Two processes per project at most (this machine has two cores; the API suites and the simulator they
// embed are CPU-bound), and up to two projects side by side: the browser checks, which mostly wait on
// Chromium, overlap the API suites instead of keeping their workers from starting (a run of both
// projects otherwise waits for the browser workers to exit before the API workers even load).
// INGO_WORKERS caps the whole run: the harness's own tests give their nested runs one worker.
const PER_PROJECT = 2;
const workers = Number(process.env['INGO_WORKERS']) || 2 * PER_PROJECT;
const project = (name: string, testDir: string, perProject = PER_PROJECT) => ({ name, testDir, workers: Math.min(perProject, workers) });
// Against the embedded simulator the browser checks move its virtual clock: none waits in real time,
// so a second browser worker overlaps nothing and costs a Node process, a simulator and a Chromium of
// its own (about 3 s of CPU, a quarter of the browser project's, on two cores). Against a remote
// target the one real expiry wait (30 s) must overlap the other browser checks: two workers.
const BROWSER_WORKERS = run.target === 'mock' ? 1 : PER_PROJECT;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: true,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  workers,
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
    project('unit', './tests/unit'),
    project('mock', './tests/mock'),
    project('generators', './tests/generators'),
    // Browser before api: tests are handed out in project order, and the browser project's one
    // real-time expiry wait (remote mode) should overlap the API suites, not follow them.
    project('browser', './tests/browser', BROWSER_WORKERS),
    project('api', './tests/contract'),
    project('report', './tests/report'),
    project('resilience', './tests/resilience'),
    // The integrator's own client: the explaining simulator, the validation proxy, the client card and its reference clients.
    project('certify', './tests/certify'),
  ],
});
