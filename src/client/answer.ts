// What a create-session answer's body says, read in one place: its `status`, its `data`, and the one
// line every consumer (checks, browser suite, onboarding) uses to describe an answer.
import type { SessionResponse } from './session-client.ts';

/** The parts of an answer these readers need (a recorded or replayed exchange has them too). */
export type Answer = Pick<SessionResponse, 'status' | 'json' | 'rawBody'>;

/** A parsed body's `status` as sent, whatever its type; undefined when the body is no JSON object. */
export function rawBodyStatus(json: unknown): unknown {
  return isObject(json) ? json['status'] : undefined;
}

/** The body `status` when the body is a JSON object carrying a number there. */
export function bodyStatus(answer: Pick<Answer, 'json'>): number | undefined {
  const status = rawBodyStatus(answer.json);
  return typeof status === 'number' ? status : undefined;
}

/** The body's `data` when it is a JSON object (a session, or the fields a 13400 names). */
export function bodyData(answer: Pick<Answer, 'json'>): Record<string, unknown> | undefined {
  const data = isObject(answer.json) ? answer.json['data'] : undefined;
  return isObject(data) ? data : undefined;
}

/** "HTTP 400, body status 13400", or "HTTP 502, non-JSON body "<html>…"", for failure messages and checklist lines. */
export function describeAnswer(answer: Answer): string {
  const body = answer.json === undefined ? `non-JSON body ${JSON.stringify(answer.rawBody.slice(0, 80))}` : `body status ${JSON.stringify(rawBodyStatus(answer.json))}`;
  return `HTTP ${answer.status}, ${body}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
