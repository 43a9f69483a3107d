// Item 9: every request's host_uri is one of the participant's white-listed origins, or absent. With
// the simulator the white-list is known whole; through the proxy against another server only the
// configured host is, so the server's own answer decides the rest (401 refused, 100/101 accepted).
import { failed, notChecked, passed, plural, everyOne, type Grader } from '../verdict.ts';

export const gradeHostUri: Grader = ({ calls }) => {
  const judged: Array<{ seq: number; ok: boolean | undefined; text: string }> = [];
  for (const call of calls) {
    if (call.json === undefined || !call.participant) continue;
    const value = (call.json as { host_uri?: unknown } | null)?.host_uri;
    if (value === undefined) {
      judged.push({ seq: call.seq, ok: true, text: `#${call.seq}: no host_uri (the first white-listed host is used)` });
    } else if (typeof value !== 'string' || value === '') {
      judged.push({ seq: call.seq, ok: undefined, text: `#${call.seq}: host_uri ${JSON.stringify(value)} (how a server treats it is not documented)` });
    } else if (call.participant.host_uris.includes(value)) {
      judged.push({ seq: call.seq, ok: true, text: `#${call.seq}: host_uri ${value}, white-listed` });
    } else if (call.participant.hostsComplete || call.httpStatus === 401) {
      judged.push({ seq: call.seq, ok: false, text: `#${call.seq}: host_uri ${value} is not white-listed for ${call.participant.username}${call.httpStatus === 401 ? ' (refused 401)' : ''}` });
    } else if (call.apiStatus === 100 || call.apiStatus === 101) {
      judged.push({ seq: call.seq, ok: true, text: `#${call.seq}: host_uri ${value}, accepted by the server` });
    } else {
      judged.push({ seq: call.seq, ok: undefined, text: `#${call.seq}: host_uri ${value} is not the configured host, and the answer does not tell` });
    }
  }
  const decided = judged.filter((j) => j.ok !== undefined);
  if (decided.length === 0) return notChecked(judged.length ? 'no host_uri could be judged' : 'no JSON request of a known participant reached the proxy', judged.map((j) => ({ text: j.text, seqs: [j.seq] })));
  const bad = decided.filter((j) => j.ok === false);
  const evidence = judged.map((j) => ({ text: j.text, seqs: [j.seq] }));
  if (bad.length) {
    const hosts = calls.find((c) => c.seq === bad[0]!.seq)!.participant!.host_uris;
    return failed(`${bad.length} of ${plural(decided.length, 'request')} named a host_uri that is not white-listed (the server answers 401)`, `send exactly one of the white-listed origins (${hosts.join(', ')}), or leave host_uri out; to use another host, ask Ingo to white-list it`, evidence);
  }
  return passed(`${everyOne(decided.length, 'request')} named a white-listed host_uri or none`, evidence);
};
