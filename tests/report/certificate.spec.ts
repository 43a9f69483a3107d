import { expect, test } from '@playwright/test';
import { issueCertificate } from '../../src/report/certificate.ts';
import { renderCertificateHtml } from '../../src/report/html/certificate-html.ts';
import { perfectRecords, record, reportOf } from './support/records.ts';

test.describe('the certificate', () => {
  test('CERTIFIED when every rule passed or does not apply with a reason, in a full certification run', () => {
    const tests = perfectRecords().map((t) => (t.requirementIds[0] === 'SM-VAL-EMAIL-PAYPAL' ? { ...t, outcome: 'not-applicable' as const, reason: 'the participant is not PayPal-enabled' } : t));
    const report = reportOf(tests, { profile: 'certification' });
    const certificate = issueCertificate(report, JSON.stringify(report));
    expect(certificate.verdict).toBe('CERTIFIED');
    expect(certificate.blockers).toEqual([]);
    expect(certificate.rules.find((r) => r.id === 'SM-VAL-EMAIL-PAYPAL')).toMatchObject({ status: 'not-applicable', accepted: true, reason: 'the participant is not PayPal-enabled' });
    expect(certificate.reportSha256).toMatch(/^[0-9a-f]{64}$/);
    const html = renderCertificateHtml(certificate);
    for (const text of ['CERTIFIED', 'Signature and date', report.run.openapi.sha256, 'evidence']) expect(html).toContain(text);
  });

  test('NOT CERTIFIED on a failure, a rule not checked, another profile or a narrowed run, each named', () => {
    const tests = perfectRecords().filter((t) => t.requirementIds[0] !== 'SM-IDEM-TTL');
    tests.push(record({ outcome: 'not-checked', reason: 'needs the simulator clock', requirementIds: ['SM-IDEM-TTL'] }));
    const failing = tests.map((t) => (t.requirementIds[0] === 'SM-VAL-ZIP' ? { ...t, outcome: 'failed' as const, errors: ['zip 1234 accepted'] } : t));
    const report = reportOf(failing, { profile: 'nightly', filters: ['grep @SM'] });
    const certificate = issueCertificate(report, '{}');
    expect(certificate.verdict).toBe('NOT CERTIFIED');
    expect(certificate.blockers.join('\n')).toMatch(/profile "nightly"/);
    expect(certificate.blockers.join('\n')).toMatch(/narrowed/);
    expect(certificate.blockers).toContain('SM-VAL-ZIP: failed — 1 of 1 checks failed: zip 1234 accepted');
    expect(certificate.blockers).toContain('SM-IDEM-TTL: not-checked — needs the simulator clock');
    expect(certificate.rules.find((r) => r.id === 'SM-VAL-ZIP')?.evidence).toBe('conformance.html#problem-SM-VAL-ZIP');
  });
});
