// Expectations of one test about one answer, as checks: the test names the requirement ids it verifies.
// Per contract-notes.md: an API error is any 4xx carrying the documented body status (a 2xx carrying it
// is only warned about by observeErrorHttpStatus); an authentication failure is HTTP 401; a refusal
// whose form the document leaves open is any 4xx, or a 2xx carrying an error status (warned).
import { defineCheck, type Check } from './types.ts';
import { bodyData, bodyStatus, describeAnswer } from '../client/answer.ts';

const isClientError = (status: number) => status >= 400 && status < 500;
const isSuccess = (status: number) => status >= 200 && status < 300;

/** A created session: a 2xx with body status 100. */
export function expectCreated(ids: readonly string[], why = 'a new session (100)'): Check {
  return defineCheck('expectCreated', ids, (exchange, _context, emit) => {
    if (!isSuccess(exchange.status) || bodyStatus(exchange) !== 100) emit.fail(`expected ${why}, got ${describeAnswer(exchange)}`);
  });
}

/** An idempotent replay: a 2xx with body status 101. */
export function expectReplay(ids: readonly string[], why = 'an idempotent replay (101)'): Check {
  return defineCheck('expectReplay', ids, (exchange, _context, emit) => {
    if (!isSuccess(exchange.status) || bodyStatus(exchange) !== 101) emit.fail(`expected ${why}, got ${describeAnswer(exchange)}`);
  });
}

/** A documented API error (13400 or 13723): the body status, on any 4xx (a 2xx only warned about). */
export function expectApiError(apiStatus: 13400 | 13723, ids: readonly string[], why?: string): Check {
  return defineCheck(`expect${apiStatus}`, ids, (exchange, _context, emit) => {
    if (bodyStatus(exchange) !== apiStatus || !(isClientError(exchange.status) || isSuccess(exchange.status))) {
      emit.fail(`expected ${why ?? `a ${apiStatus} error`}, got ${describeAnswer(exchange)}`);
    }
  });
}

export const expectValidationError = (ids: readonly string[], why = 'a field validation error (13400)') => expectApiError(13400, ids, why);
export const expectMismatch = (ids: readonly string[], why = 'an idempotency mismatch (13723)') => expectApiError(13723, ids, why);

/** HTTP 401 Unauthorized. */
export function expectUnauthorized(ids: readonly string[], why = 'HTTP 401 Unauthorized'): Check {
  return defineCheck('expectUnauthorized', ids, (exchange, _context, emit) => {
    if (exchange.status !== 401) emit.fail(`expected ${why}, got ${describeAnswer(exchange)}`);
  });
}

/** Any 4xx, or a 2xx carrying 13400/13723 (contract-notes: "worth a warning", which observeErrorHttpStatus gives). */
function isRefusal(exchange: Parameters<Check['run']>[0]): boolean {
  const apiStatus = bodyStatus(exchange);
  return isClientError(exchange.status) || (isSuccess(exchange.status) && (apiStatus === 13400 || apiStatus === 13723));
}

/**
 * A refusal whose form the document leaves open (malformed input, an over-long header, a request that
 * breaks two rules whose order of checks is not documented): any 4xx, or an error status on a 2xx.
 */
export function expectRefused(ids: readonly string[], why = 'a refusal (a 4xx)'): Check {
  return defineCheck('expectRefused', ids, (exchange, _context, emit) => {
    if (!isRefusal(exchange)) emit.fail(`expected ${why}, got ${describeAnswer(exchange)}`);
  });
}

/** Either a created session or a refusal (input whose treatment the document leaves open). */
export function expectCreatedOrRefused(ids: readonly string[], why = 'a session (100) or a refusal'): Check {
  return defineCheck('expectCreatedOrRefused', ids, (exchange, _context, emit) => {
    const created = isSuccess(exchange.status) && bodyStatus(exchange) === 100;
    if (!created && !isRefusal(exchange)) emit.fail(`expected ${why}, got ${describeAnswer(exchange)}`);
  });
}

/** "a session (HTTP 201)", "refused (HTTP 400, 13400 naming recipient_information.state)", for observations. */
export function describeOutcome(exchange: Parameters<Check['run']>[0]): string {
  const apiStatus = bodyStatus(exchange);
  if (isSuccess(exchange.status) && (apiStatus === 100 || apiStatus === 101)) return `accepted (HTTP ${exchange.status}, ${apiStatus})`;
  const data = bodyData(exchange);
  const keys = data ? ` naming ${Object.keys(data).join(', ')}` : '';
  return `refused (HTTP ${exchange.status}${apiStatus !== undefined ? `, ${apiStatus}${keys}` : ''})`;
}
