// Every answer onboarding gets takes the path every other exchange with the target takes: the
// always-on checks (schema, no 5xx, JSON content type, expiry, nothing leaked in a 401). The checklist's
// items are onboarding's own expectations on top; what the always-on checks find decides the last item,
// so a server whose answers break the document fails the checklist even when every step went through.
import { ALWAYS_ON, failuresOf, formatFailures, judgeExchange, type CheckContext, type Finding } from '../../checks/index.ts';
import type { Credentials } from '../../client/signer.ts';
import type { SessionResponse } from '../../client/session-client.ts';
import { HarnessError } from '../../harness/checked-client.ts';
import type { Checklist } from './checklist.ts';

type Failure = Extract<Finding, { kind: 'fail' }>;

export class CheckedAnswers {
  private readonly failures: Array<{ label: string; failures: Failure[] }> = [];
  private judged = 0;

  constructor(private readonly context: Omit<CheckContext, 'credentials' | 'brokenFields'>) {}

  /** Runs the always-on checks over one answer and keeps what failed; a check that throws is a harness bug. */
  judge(label: string, response: SessionResponse, credentials?: Credentials): SessionResponse {
    const { findings, thrown } = judgeExchange(response, { ...this.context, ...(credentials && { credentials }) }, [], ALWAYS_ON);
    if (thrown.length > 0) throw new HarnessError(`harness error on "${label}": ${thrown.join('; ')}`);
    this.judged += 1;
    const failures = failuresOf(findings);
    if (failures.length > 0) this.failures.push({ label, failures });
    return response;
  }

  /** The 'answers' item: passed when every answer so far held to the document, else each failure with its rule ids. */
  decide(list: Checklist): void {
    if (this.judged === 0) return;
    if (this.failures.length === 0) return list.pass('answers', `all ${this.judged} answers matched the document (body shapes, no 5xx, JSON, expiry)`);
    const ids = [...new Set(this.failures.flatMap((f) => f.failures.flatMap((x) => x.requirementIds)))];
    list.fail(
      'answers',
      `${this.failures.length} of ${this.judged} answers broke the document (${ids.join(', ')})`,
      this.failures.map((f) => `${f.label}: ${formatFailures(f.failures).split('\n').join('; ')}`),
    );
  }
}
