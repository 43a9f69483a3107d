import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadContract } from '../../src/contract/index.ts';
import { appendHistory, historyEntryOf, newSince, readHistory } from '../../src/report/history.ts';
import { renderTrendHtml } from '../../src/report/html/trend-html.ts';
import { perfectRecords, reportOf } from './support/records.ts';
import { tempDir } from './support/spawn.ts';

test.describe('nightly history', () => {
  test('appends one line per run, survives a truncated line, and names what broke since last night', () => {
    const path = join(tempDir('history'), 'history', 'history.jsonl');
    const night1 = reportOf(perfectRecords(), { startedAt: '2026-11-21T02:00:00.000Z', profile: 'nightly', seed: 20261121 });
    const broken = perfectRecords().map((t) => (t.requirementIds[0] === 'SM-VAL-ZIP' ? { ...t, outcome: 'failed' as const, errors: ['x'] } : t));
    const night2 = reportOf(broken, { startedAt: '2026-11-22T02:00:00.000Z', profile: 'nightly', seed: 20261122 });
    appendHistory(path, historyEntryOf(night1));
    appendFileSync(path, '{"time":"2026-11-21T');
    appendFileSync(path, '\n');
    const previous = readHistory(path).at(-1);
    expect(previous?.seed).toBe(20261121);
    const entry = historyEntryOf(night2);
    expect(newSince(previous, entry.requirements)).toEqual([{ id: 'SM-VAL-ZIP', before: 'passed', now: 'failed' }]);
    appendHistory(path, entry);
    expect(readHistory(path).map((e) => e.seed)).toEqual([20261121, 20261122]);
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
  });

  test('the trend page inlines Chart.js, fetches nothing, and lists what is new since last night', () => {
    const catalog = loadContract().requirements;
    const entries = [1, 2, 3].map((n) => historyEntryOf(reportOf(perfectRecords(), { startedAt: `2026-11-2${n}T02:00:00.000Z`, seed: n })));
    const html = renderTrendHtml({ history: entries, newSinceLastRun: [{ id: 'SM-VAL-ZIP', before: 'passed', now: 'failed' }], catalog });
    expect(html).toContain('Chart.js v4');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(http/i);
    expect(html).toContain('New since last night (1)');
    expect(html).toContain('SM-VAL-ZIP');
  });
});
