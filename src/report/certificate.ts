// The certification verdict: CERTIFIED only when every rule of the catalog passed, or does not apply
// to this target with a stated reason. Anything else (failed, not checked, infrastructure error, a
// narrowed run) blocks it, and the certificate says which rule blocked it and why.
import { createHash } from 'node:crypto';
import type { ConformanceReport, RequirementStatus } from './model.ts';
import { anchor } from './html/escape.ts';

export interface CertificateRule {
  readonly id: string;
  readonly statement: string;
  readonly status: RequirementStatus;
  readonly accepted: boolean;
  readonly reason?: string;
  /** A link into conformance.html, relative to the certificate. */
  readonly evidence: string;
}

export interface Certificate {
  readonly title: string;
  readonly verdict: 'CERTIFIED' | 'NOT CERTIFIED';
  readonly blockers: readonly string[];
  readonly issuedAt: string;
  readonly target: ConformanceReport['run']['target'];
  readonly profile: string;
  readonly seed: number | null;
  readonly harnessVersion: string;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean;
  readonly openapi: { path: string; sha256: string };
  /** sha256 of the conformance.json this certificate was issued from. */
  readonly reportSha256: string;
  readonly testsRun: number;
  readonly rules: readonly CertificateRule[];
  readonly observations: ReadonlyArray<{ id: string; statement: string; observed: string }>;
}

export function issueCertificate(report: ConformanceReport, reportJson: string): Certificate {
  const rules = report.requirements
    .filter((r) => r.kind === 'rule')
    .map((r): CertificateRule => {
      const accepted = r.status === 'passed' || (r.status === 'not-applicable' && !!r.why && r.why !== '(no reason given)');
      return {
        id: r.id,
        statement: r.statement,
        status: r.status,
        accepted,
        ...(r.why && { reason: r.why }),
        evidence: `conformance.html#${r.status === 'failed' || r.status === 'infrastructure-error' ? anchor('problem', r.id) : r.testIds.length ? anchor('req', r.id) : anchor('row', r.id)}`,
      };
    });
  const blockers: string[] = [];
  if (report.run.profile !== 'certification') blockers.push(`the run used profile "${report.run.profile}", not "certification" (certification runs ten times more generated cases)`);
  if (report.run.filters.length) blockers.push(`the run was narrowed (${report.run.filters.join('; ')}): a certificate needs the full suite`);
  for (const rule of rules) if (!rule.accepted) blockers.push(`${rule.id}: ${rule.status}${rule.reason ? ` — ${rule.reason}` : ''}`);
  return {
    title: 'IngoPay Session Management API — certificate of conformance',
    verdict: blockers.length ? 'NOT CERTIFIED' : 'CERTIFIED',
    blockers,
    issuedAt: report.run.generatedAt,
    target: report.run.target,
    profile: report.run.profile,
    seed: report.run.seed,
    harnessVersion: report.run.harnessVersion,
    gitCommit: report.run.gitCommit,
    gitDirty: report.run.gitDirty,
    openapi: report.run.openapi,
    reportSha256: createHash('sha256').update(reportJson).digest('hex'),
    testsRun: report.testCounts.total,
    rules,
    observations: report.requirements
      .filter((r) => r.kind === 'observation' && r.status === 'observed')
      .map((r) => ({ id: r.id, statement: r.statement, observed: (r.observed ?? []).map((o) => o.value).join('; ') })),
  };
}
