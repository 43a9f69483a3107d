// Faults in the shape of answers: the document's bodies, the expiry timestamp, the content type.
import { on } from '../core/seams.ts';
import { fault } from './fault.ts';

/** A trailing zone designator: Z or an offset such as +00:00. */
const ZONE = /(Z|[+-]\d\d:?\d\d)$/;

export const RESPONSE_SHAPE_FAULTS = [
  fault('error-shape-wrong', '13400 carries data as a flat array of messages instead of an object keyed by field', ['SM-RESP-ERROR-SHAPE'], on('respond', (s) => {
    s.refusals.errorDataAsArray = true;
  })),
  fault('status-as-string', 'success bodies carry status as a string ("100")', ['SM-RESP-SUCCESS-SHAPE'], on('respond', (s) => {
    s.success.statusAsString = true;
  })),
  fault('missing-session-identifier', 'success bodies leave out data.session_identifier', ['SM-RESP-SUCCESS-SHAPE'], on('respond', (s) => {
    s.success.omitSessionIdentifier = true;
  })),
  fault('expiry-60s', 'authorized_url_expiration_utc says issue time + 60 s (the URL still dies at 30 s)', ['SM-RESP-EXPIRY'], on('respond', (s, env) => {
    s.success.reportedExpiryShiftMs = 60_000 - env.contract.urlTtlSeconds * 1000;
  })),
  fault('expiration-not-utc', 'authorized_url_expiration_utc has no zone designator (not UTC, not RFC 3339)', ['SM-RESP-EXPIRY'], on('respond', (s) => {
    const { format, quantise } = s.success.expiry;
    s.success.expiry = { format: (ms) => format(ms).replace(ZONE, ''), quantise };
  })),
  fault('text-plain-content-type', 'JSON bodies are sent as text/plain', ['SM-RESP-JSON'], on('respond', (s) => {
    s.body.jsonContentType = 'text/plain; charset=utf-8';
  })),
];
