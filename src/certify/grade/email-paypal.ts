// Item 10: a PayPal-enabled participant's requests carry recipient_information.email_address; for any
// other participant the rule does not apply.
import { valueAt } from '../../contract/index.ts';
import { failed, notApplicable, notChecked, passed, plural, everyOne, type Grader } from '../verdict.ts';

export const gradeEmailPaypal: Grader = ({ calls, journal }) => {
  const field = journal.contract.fields.find((f) => f.requiredWhen !== undefined)!;
  const known = calls.filter((c) => c.participant && c.json !== undefined);
  if (known.length === 0) return notChecked('no JSON request of a participant the proxy knows reached it');
  const paypal = known.filter((c) => c.participant!.paypal_enabled);
  if (paypal.length === 0) return notApplicable(`${[...new Set(known.map((c) => c.username))].join(', ')} is not PayPal-enabled: e-mail is optional`);
  const without = paypal.filter((c) => {
    const email = valueAt(c.json, field.path);
    return typeof email !== 'string' || email === '';
  });
  if (without.length === 0) return passed(`${everyOne(paypal.length, 'request')} of PayPal-enabled ${paypal[0]!.username} carried ${field.key}`, [{ text: paypal.map((c) => `#${c.seq}`).join(', '), seqs: paypal.map((c) => c.seq) }]);
  return failed(`${without.length} of ${plural(paypal.length, 'request')} of PayPal-enabled ${without[0]!.username} had no ${field.key} (the server refuses them: 13400)`, `always send ${field.key} for a PayPal-enabled participant`, [{ text: without.map((c) => `#${c.seq} → ${c.apiStatus ?? c.httpStatus ?? 'no answer'}`).join(', '), seqs: without.map((c) => c.seq) }]);
};
