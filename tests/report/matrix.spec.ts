import { expect, test } from '@playwright/test';
import { loadContract } from '../../src/contract/index.ts';
import { record, perfectRecords, reportOf } from './support/records.ts';

const catalog = loadContract().requirements;
const status = (report: ReturnType<typeof reportOf>, id: string) => report.requirements.find((r) => r.id === id)!;

test.describe('the requirement matrix', () => {
  test('lists every catalog id, even with no test at all', () => {
    const report = reportOf([]);
    expect(report.requirements.map((r) => r.id)).toEqual(catalog.map((r) => r.id));
    for (const r of report.requirements) expect(r.why).toContain('no test ran for it');
    expect(report.requirements.filter((r) => r.kind === 'observation').every((r) => r.status === 'not-observed')).toBe(true);
  });

  test('a rule passes only when every check passed and at least one ran', () => {
    const report = reportOf([
      record({ outcome: 'passed', requirementIds: ['SM-DOC-EXAMPLE'] }),
      record({ outcome: 'passed', requirementIds: ['SM-VAL-STATE'] }),
      record({ outcome: 'not-checked', reason: 'needs a second participant', requirementIds: ['SM-VAL-STATE'] }),
    ]);
    expect(status(report, 'SM-DOC-EXAMPLE').status).toBe('passed');
    expect(status(report, 'SM-VAL-STATE')).toMatchObject({ status: 'not-checked', why: 'partly checked (1 of 2 passed); needs a second participant' });
  });

  test('any failed check fails the rule, and failures outrank infrastructure errors', () => {
    const report = reportOf([
      record({ outcome: 'passed', requirementIds: ['SM-VAL-ZIP'] }),
      record({ outcome: 'infrastructure-error', errors: ['infrastructure error (timeout)'], requirementIds: ['SM-VAL-ZIP'] }),
      record({ outcome: 'failed', errors: ['Error: expected 13400\nmore'], requirementIds: ['SM-VAL-ZIP'] }),
      record({ outcome: 'infrastructure-error', errors: ['infrastructure error (connection-refused)'], requirementIds: ['SM-AUTH-REQUIRED'] }),
    ]);
    expect(status(report, 'SM-VAL-ZIP')).toMatchObject({ status: 'failed', why: '1 of 3 checks failed: Error: expected 13400' });
    expect(status(report, 'SM-AUTH-REQUIRED').status).toBe('infrastructure-error');
    expect(report.verdict.code).toBe('not-conformant');
  });

  test('not applicable with a reason counts with the passes; alone it is "not applicable"', () => {
    const report = reportOf([
      record({ outcome: 'not-applicable', reason: 'participant is not PayPal-enabled', requirementIds: ['SM-VAL-EMAIL-PAYPAL'] }),
      record({ outcome: 'passed', requirementIds: ['SM-URL-TAMPER'] }),
      record({ outcome: 'not-applicable', reason: 'no secondary participant', requirementIds: ['SM-URL-TAMPER'] }),
    ]);
    expect(status(report, 'SM-VAL-EMAIL-PAYPAL')).toMatchObject({ status: 'not-applicable', why: 'participant is not PayPal-enabled' });
    expect(status(report, 'SM-URL-TAMPER').status).toBe('passed');
  });

  test('observations are never passed or failed: observed with what was seen, or not observed with why', () => {
    const report = reportOf([
      record({ outcome: 'passed', requirementIds: ['OBS-STATE-LOWERCASE'], observations: [{ id: 'OBS-STATE-LOWERCASE', observed: 'ga accepted (100)' }] }),
      // Seen by a check tagged with a rule: still counted for the observation.
      record({ outcome: 'passed', requirementIds: ['SM-VAL-STATE'], observations: [{ id: 'OBS-STATE-LOWERCASE', observed: 'ga accepted (100)' }] }),
      record({ outcome: 'failed', errors: ['boom'], requirementIds: ['OBS-STATE-DC'] }),
      record({ outcome: 'not-checked', reason: 'mock only', requirementIds: ['OBS-PHONE-SHORT'] }),
    ]);
    expect(status(report, 'OBS-STATE-LOWERCASE')).toMatchObject({ status: 'observed', observed: [{ value: 'ga accepted (100)', count: 2 }] });
    expect(status(report, 'OBS-STATE-DC')).toMatchObject({ status: 'not-observed', why: 'the check stopped before recording: boom' });
    expect(status(report, 'OBS-PHONE-SHORT')).toMatchObject({ status: 'not-observed', why: 'mock only' });
  });

  test('a narrowed run says so instead of calling a rule uncovered', () => {
    const report = reportOf([], { filters: ['grep @SM-VAL-STATE'] });
    expect(status(report, 'SM-DOC-EXAMPLE').why).toBe('no test ran for it (this run was narrowed: grep @SM-VAL-STATE)');
  });

  test('verdicts: conformant, inconclusive, incomplete', () => {
    expect(reportOf(perfectRecords()).verdict).toEqual({ code: 'conformant', line: 'CONFORMANT: 53 of 53 rules passed.' });
    const infra = perfectRecords();
    infra[0] = { ...infra[0]!, outcome: 'infrastructure-error' };
    expect(reportOf(infra).verdict.code).toBe('inconclusive');
    expect(reportOf(perfectRecords().slice(1)).verdict.code).toBe('incomplete');
  });

  test('a failing check tagged with no requirement fails the run, named apart from rule failures, with a warning', () => {
    const report = reportOf([...perfectRecords(), record({ outcome: 'failed', errors: ['x'] })]);
    expect(report.verdict).toEqual({ code: 'checks-failed', line: 'NO RULE FAILED, BUT 1 CHECK OUTSIDE THE CATALOG FAILED (see Warnings).' });
    expect(report.warnings.map((w) => w.message).join('\n')).toContain('tagged with no requirement');
  });

  test('drift is collected across checks, one line per field', () => {
    const d = { path: 'SessionCreated/data/language_locale_code', observed: 'undeclared field of type string' };
    const report = reportOf([record({ outcome: 'passed', drift: [d] }), record({ outcome: 'passed', drift: [d] })]);
    expect(report.drift).toEqual([{ ...d, testIds: [report.tests[0]!.id, report.tests[1]!.id] }]);
  });
});
