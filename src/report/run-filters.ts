// What narrowed a run, read from the `playwright test` command line: a report must not call a rule
// "not covered" when the person simply asked for fewer checks.

/** The conformance projects; a run of both (or neither named) is the full suite. */
export const CONFORMANCE_PROJECTS = ['api', 'browser'] as const;

const WITH_VALUE = new Set(['--grep', '-g', '--grep-invert', '--shard', '--project', '--config', '-c', '--reporter', '--workers', '-j', '--output', '--repeat-each', '--retries', '--timeout', '--max-failures', '--trace', '--global-timeout', '--tsconfig', '--browser', '--update-snapshots', '-u', '--only-changed', '--test-list', '--test-list-invert']);

export function runFilters(argv: readonly string[]): string[] {
  const at = argv.indexOf('test');
  if (at < 0) return [];
  const args = argv.slice(at + 1);
  const filters: string[] = [];
  const projects: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const raw = args[i]!;
    const [flag, inline] = raw.startsWith('--') && raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const value = () => inline ?? args[++i] ?? '';
    if (flag === '--grep' || flag === '-g') filters.push(`grep ${value()}`);
    else if (flag === '--grep-invert') filters.push(`grep-invert ${value()}`);
    else if (flag === '--shard') filters.push(`shard ${value()}`);
    else if (flag === '--project') projects.push(value());
    else if (flag === '--last-failed') filters.push('last failed only');
    else if (flag === '--only-changed' || flag === '--test-list' || flag === '--test-list-invert') filters.push(`${flag.slice(2)} ${value()}`);
    else if (WITH_VALUE.has(flag)) value();
    else if (!flag.startsWith('-')) filters.push(`file ${flag}`);
  }
  const missing = CONFORMANCE_PROJECTS.filter((p) => projects.length && !projects.includes(p));
  if (missing.length) filters.push(`projects ${projects.join(', ')} only`);
  return filters;
}
