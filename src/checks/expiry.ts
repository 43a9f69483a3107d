// SM-RESP-EXPIRY: authorized_url_expiration_utc is the issue time + the documented 30 s, by the
// server's clock. The server's clock is read from its Date header, so a harness whose clock is off
// does not fail a correct server.
import { defineCheck } from './types.ts';
import { bodyData, bodyStatus } from '../client/answer.ts';

/** Extra slack for a Date header stamped at a slightly different moment (a gateway in front, say). */
export const EXPIRY_SLACK_SECONDS = 1;

export const expiryIsIssuePlus30s = defineCheck('expiryIsIssuePlus30s', ['SM-RESP-EXPIRY'], (exchange, context, emit) => {
  const apiStatus = bodyStatus(exchange);
  if (apiStatus !== 100 && apiStatus !== 101) return;
  const raw = bodyData(exchange)?.['authorized_url_expiration_utc'];
  if (typeof raw !== 'string') return; // the schema check reports a missing or mistyped expiry
  if (!/(?:Z|[+-]00:?00)$/i.test(raw)) emit.fail(`authorized_url_expiration_utc ${JSON.stringify(raw)} is not a UTC time`);
  const expiry = Date.parse(raw);
  if (Number.isNaN(expiry)) {
    emit.fail(`authorized_url_expiration_utc ${JSON.stringify(raw)} is not a date`);
    return;
  }
  const ttl = context.contract.urlTtlSeconds;
  const elapsed = exchange.elapsedMs / 1000;
  if (exchange.serverDate) {
    // Server time when answering ∈ [Date, Date + 1 s); the session was issued at most `elapsed` earlier.
    const lead = (expiry - exchange.serverDate.getTime()) / 1000;
    const low = ttl - elapsed - EXPIRY_SLACK_SECONDS;
    const high = ttl + 1 + EXPIRY_SLACK_SECONDS;
    if (lead < low || lead > high) {
      emit.fail(
        `authorized_url_expiration_utc ${raw} is ${lead.toFixed(3)} s after the server's Date header ` +
          `(${exchange.headers['date']}); issue time + ${ttl} s allows ${low.toFixed(3)}..${high.toFixed(3)} s`,
      );
    }
    return;
  }
  // No Date header: the offset is unknown, but the server accepted our X-Date, so its clock is within
  // the signing window of ours. A weak bound, and a warning that the precise check was not possible.
  const skew = context.contract.hmac.clockSkewSeconds;
  const lead = (expiry - exchange.sentAt.getTime()) / 1000;
  emit.warn('the server sent no Date header: the expiry could only be checked within the signing clock window');
  if (lead < ttl - skew - EXPIRY_SLACK_SECONDS || lead > ttl + skew + elapsed + EXPIRY_SLACK_SECONDS) {
    emit.fail(`authorized_url_expiration_utc ${raw} is ${lead.toFixed(3)} s after the request was sent; expected ${ttl} s ± the ${skew} s clock window`);
  }
});
