// Runs once in the Playwright runner process before workers start: loads .env, checks the
// configuration (one line and exit on error), fixes the seed so every worker shares it, and picks
// the reporters. Workers inherit process.env from here.
import type { ReporterDescription } from '@playwright/test';
import { loadConfig, ConfigError } from '../config/index.ts';
import { loadDotenv } from '../config/dotenv.ts';

export interface RunEnvironment {
  readonly reporters: ReporterDescription[];
}

export function prepareRunEnvironment(): RunEnvironment {
  loadDotenv();
  try {
    loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  if (!process.env['INGO_SEED']) process.env['INGO_SEED'] = String(Math.floor(Math.random() * 0x7fffffff));
  const reporters: ReporterDescription[] = [
    [process.env['CI'] ? 'dot' : 'list'],
    ['junit', { outputFile: 'reports/junit.xml' }],
    ['html', { outputFolder: 'reports/playwright-html', open: 'never' }],
  ];
  return { reporters };
}
