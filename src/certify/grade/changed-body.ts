// Item 5: a key that created a session is only re-sent with the same body. The server compares
// parameters (canonical JSON), so a re-serialised body with the same values is the same body. Only the
// names of the fields that differ are shown: their values may be recipient data.
import { differingFields } from '../../mock/explain/explainer.ts';
import { created, sameSender, type CreateCall } from '../journal.ts';
import { failed, keyText, notChecked, passed, plural, type Evidence, type Grader } from '../verdict.ts';

export const gradeChangedBody: Grader = ({ calls }) => {
  const reuses: Array<{ original: CreateCall; reuse: CreateCall }> = [];
  for (const original of calls.filter((c) => created(c) && c.key !== undefined)) {
    for (const reuse of calls) {
      if (reuse.seq > original.seq && sameSender(reuse, original) && reuse.key === original.key) reuses.push({ original, reuse });
    }
  }
  if (reuses.length === 0) return notChecked('the client never re-sent an Idempotency-Key that had created a session (no retry or recovery happened)');
  const changed = reuses.filter(({ original, reuse }) => reuse.bodyHash !== original.bodyHash);
  if (changed.length === 0) {
    return passed(`${plural(reuses.length, 're-send')} of a used Idempotency-Key, each with the same body`, [{ text: reuses.map(({ reuse }) => `#${reuse.seq}`).join(', '), seqs: reuses.map(({ reuse }) => reuse.seq) }]);
  }
  const perKey = new Map<string, number>();
  for (const { reuse } of changed) perKey.set(reuse.key!, (perKey.get(reuse.key!) ?? 0) + 1);
  const looped = [...perKey.values()].some((n) => n > 2);
  const evidence: Evidence[] = changed.map(({ original, reuse }) => {
    const fields = differingFields(original.json, reuse.json);
    return {
      text: `#${reuse.seq} re-sent ${keyText(reuse.key)} (first used by #${original.seq}) with another body${fields.length ? `: ${fields.join(', ')} differ` : ''} → ${reuse.apiStatus ?? reuse.httpStatus ?? 'no answer'}`,
      seqs: [original.seq, reuse.seq],
    };
  });
  return failed(
    `${changed.length} of ${plural(reuses.length, 're-send')} of a used Idempotency-Key carried a changed body (the server refuses it: 13723)${looped ? ', and the client kept re-sending it' : ''}`,
    'keep the exact body a key was first sent with (store it with the key) and re-send that on a retry or a recovery; a changed order, amount or customer record needs a new session with a new key; never loop on 13723',
    evidence,
  );
};
