// Item 1: every create-session request verifies with the participant's secret over the bytes sent.
// A failure names the mistake (the shared catalogue) and shows the signing string the server built
// next to the one the request implies.
import { differingLines } from '../../mock/explain/describe.ts';
import { failed, notChecked, passed, plural, everyOne, type Evidence, type Grader } from '../verdict.ts';

export const gradeSigning: Grader = ({ calls, journal }) => {
  if (calls.length === 0) return notChecked('no create-session request reached the proxy');
  const judged = calls.filter((c) => c.exchange.inspection.signing && (c.exchange.inspection.signing.known || journal.capabilities.participantsComplete || c.exchange.inspection.signing.mistake?.id === 'wrong-username'));
  if (judged.length === 0) return notChecked(`none of the ${plural(calls.length, 'request')} named a participant the proxy holds the secret of (${calls.map((c) => c.username ?? '(no username)').join(', ')})`);
  const wrong = judged.filter((c) => !c.exchange.inspection.signing!.ok);
  if (wrong.length === 0) {
    const algorithms = [...new Set(judged.map((c) => c.exchange.inspection.signing!.algorithm))].join(', ');
    return passed(`${everyOne(judged.length, 'create-session request')} verified over the exact bytes sent (${algorithms})`, [{ text: `requests ${judged.map((c) => `#${c.seq}`).join(', ')}`, seqs: judged.map((c) => c.seq) }]);
  }
  const byMistake = new Map<string, typeof wrong>();
  for (const call of wrong) {
    const id = call.exchange.inspection.signing!.mistake?.id ?? 'unknown';
    byMistake.set(id, [...(byMistake.get(id) ?? []), call]);
  }
  const evidence: Evidence[] = [...byMistake.values()].map((group) => {
    const first = group[0]!;
    const verdict = first.exchange.inspection.signing!;
    const lines: string[] = [];
    if (verdict.built !== undefined && verdict.implied !== undefined && verdict.built !== verdict.implied) {
      lines.push('signing string the server built (the documented headers, with the values these bytes need):', ...indent(verdict.built));
      lines.push('signing string your request implies (its headers="…" list, its values as sent):', ...indent(verdict.implied));
      const differ = differingLines(verdict.built, verdict.implied);
      if (differ.length) lines.push(`they differ in: ${differ.join(', ')}`);
    }
    return { text: `${group.map((c) => `#${c.seq}`).join(', ')}: ${verdict.mistake?.id}: ${verdict.mistake?.detail}`, seqs: group.map((c) => c.seq), detail: lines };
  });
  const first = wrong[0]!.exchange.inspection.signing!.mistake!;
  return failed(`${wrong.length} of ${plural(judged.length, 'create-session request')} not signed correctly: ${first.id}: ${first.detail}`, first.fix, evidence);
};

function indent(text: string): string[] {
  return text.split('\n').map((l) => `    ${l}`);
}
