// Where a run's reports go. A module of its own: the conformance CLI needs the folder before the run
// and would otherwise load the whole reporter (a tenth of a second before Playwright even starts).
import { isAbsolute, resolve } from 'node:path';

/** `outputDir`, else INGO_REPORTS_DIR, else reports/; relative to the working directory. */
export function reportsDirOf(outputDir?: string): string {
  const dir = outputDir ?? process.env['INGO_REPORTS_DIR'] ?? 'reports';
  return isAbsolute(dir) ? dir : resolve(process.cwd(), dir);
}
