// The always-on checks: they hold for every response of every test, whatever was sent.
import { formatViolations } from '../contract/index.ts';
import { defineCheck } from './types.ts';
import { bodyStatus, describeAnswer } from '../client/answer.ts';
import { detectDrift } from '../report/drift.ts';

const JSON_MEDIA = /^\s*application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** SM-ROBUST-NO-5XX: no input, however malformed, earns a 5xx. */
export const noServerError = defineCheck('noServerError', ['SM-ROBUST-NO-5XX'], (exchange, _context, emit) => {
  if (exchange.status >= 500) emit.fail(`the server answered ${describeAnswer(exchange)}: a 5xx is never right`);
});

/**
 * SM-RESP-JSON: a documented answer (100, 101, 13400, 13723) comes with a JSON content type
 * (application/json or a +json type, any parameters), and a success is always JSON. Bodies the
 * document does not describe (a 401, a gateway's 413 or 415) are not judged.
 */
export const jsonContentType = defineCheck('jsonContentType', ['SM-RESP-JSON'], (exchange, context, emit) => {
  const type = exchange.headers['content-type'];
  const apiStatus = bodyStatus(exchange);
  const documented = apiStatus !== undefined && context.contract.schemaByApiStatus.has(apiStatus);
  if (documented && (type === undefined || !JSON_MEDIA.test(type))) {
    emit.fail(`a ${apiStatus} body was sent with Content-Type ${JSON.stringify(type ?? null)}, not application/json`);
  }
  if (exchange.status >= 200 && exchange.status < 300 && exchange.json === undefined) {
    emit.fail(`a ${exchange.status} answer's body is not JSON: ${JSON.stringify(exchange.rawBody.slice(0, 120))}`);
  }
});

/**
 * The body against the contract's schema for what it is: by its body `status` (100, 101, 13400,
 * 13723), whichever HTTP status carries it. A failure names the schema's requirement id, the JSON path
 * and the offending value. A 401's body is not documented: it is only observed (observeUnauthorizedBody)
 * and searched for leaks (noSecretsIn401). A 4xx whose body is no documented API error (a gateway's 413
 * or 415, say) is only a warning: the document does not say how malformed transport-level input is
 * answered.
 */
export const conformsToSchema = defineCheck('conformsToSchema', ['SM-RESP-SUCCESS-SHAPE', 'SM-RESP-ERROR-SHAPE'], (exchange, context, emit) => {
  const { status } = exchange;
  if (status >= 500 || status === 401) return; // noServerError's business; an undocumented body
  const apiStatus = bodyStatus(exchange);
  const documented = apiStatus !== undefined && context.contract.schemaByApiStatus.has(apiStatus);
  if (status >= 400 && status < 500 && !documented) {
    emit.warn(`HTTP ${status} without a documented error body (13400/13723): ${JSON.stringify(exchange.rawBody.slice(0, 120))}`);
    return;
  }
  if (status < 200 || (status >= 300 && status < 400)) {
    emit.warn(`HTTP ${status} is not a status the contract describes`);
    return;
  }
  if (exchange.json === undefined) return; // a non-JSON 2xx: jsonContentType's business
  const { contract } = context;
  const verdict = contract.validateResponse(status, exchange.json);
  if (verdict.valid) return;
  // No documented body status at all (a 2xx: a 4xx without one was warned about above): judged as the
  // success its HTTP status claims, the schema of body status 100.
  const schema = verdict.schema === 'none' ? contract.schemaByApiStatus.get(100)! : verdict.schema;
  const ids = contract.schemaRequirementIds(schema);
  emit.fail(`HTTP ${status} body does not match the contract's ${verdict.schema} schema: ${formatViolations(verdict.violations)}`, ids);
});

/** OBS-401-BODY: the form of a 401 body, which the document does not describe. Never a failure. */
export const observeUnauthorizedBody = defineCheck('observeUnauthorizedBody', [], (exchange, _context, emit) => {
  if (exchange.status !== 401) return;
  emit.observe('OBS-401-BODY', describeBodyForm(exchange));
});

/** OBS-HTTP-STATUS-SUCCESS: which 2xx carries a created session (100) or a replay (101). */
export const observeSuccessStatus = defineCheck('observeSuccessStatus', [], (exchange, _context, emit) => {
  const apiStatus = bodyStatus(exchange);
  if ((apiStatus === 100 || apiStatus === 101) && exchange.status >= 200 && exchange.status < 300) {
    emit.observe('OBS-HTTP-STATUS-SUCCESS', `${apiStatus} on HTTP ${exchange.status}`);
  }
});

/** "empty", "JSON (application/json) with keys message", "text (text/plain)", for observations. */
export function describeBodyForm(exchange: { rawBody: string; json: unknown; headers: Readonly<Record<string, string>> }): string {
  const type = exchange.headers['content-type']?.split(';')[0]?.trim() || 'no content type';
  if (exchange.rawBody.trim() === '') return `empty body (${type})`;
  if (exchange.json === undefined) return `non-JSON body (${type})`;
  const keys = exchange.json && typeof exchange.json === 'object' && !Array.isArray(exchange.json) ? Object.keys(exchange.json).sort() : [];
  return `JSON body (${type})${keys.length ? ` with keys ${keys.join(', ')}` : ''}`;
}

/**
 * OBS-HTTP-STATUS-13400 / -13723: which HTTP status carries 13400 / 13723 is not documented, so it is
 * only observed; a 2xx carrying an error status is suspicious (a warning). A 5xx is noServerError's
 * failure, not this check's: it never fails.
 */
export const observeErrorHttpStatus = defineCheck('observeErrorHttpStatus', [], (exchange, _context, emit) => {
  const apiStatus = bodyStatus(exchange);
  if (apiStatus !== 13400 && apiStatus !== 13723) return;
  const clientError = exchange.status >= 400 && exchange.status < 500;
  const success = exchange.status >= 200 && exchange.status < 300;
  if (clientError || success) emit.observe(`OBS-HTTP-STATUS-${apiStatus}`, `HTTP ${exchange.status}`);
  if (success) emit.warn(`body status ${apiStatus} came with HTTP ${exchange.status}: an error status on a success code`);
});

/** Fields of a response that the contract does not declare, or declared ones of another type: drift, never a failure. */
export const driftWarnings = defineCheck('driftWarnings', [], (exchange, context, emit) => {
  for (const finding of detectDrift(context.contract, exchange.status, exchange.json)) emit.drift(finding.path, finding.observed);
});
