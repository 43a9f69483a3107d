// What a create-session answer's body says, read in one place: its `status`, its `data`, and the one
// line every consumer (checks, browser suite, onboarding) uses to describe an answer.
import { apiStatusIn, dataIn, statusIn } from '../contract/index.ts';
import type { SessionResponse } from './session-client.ts';

/** The parts of an answer these readers need (a recorded or replayed exchange has them too). */
export type Answer = Pick<SessionResponse, 'status' | 'json' | 'rawBody'>;

/** An answer body's JSON; undefined when the body is empty or not JSON (the checks say which it was). */
export function jsonOfBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The body `status` when the body is a JSON object carrying a number there. */
export function bodyStatus(answer: Pick<Answer, 'json'>): number | undefined {
  return apiStatusIn(answer.json);
}

/** The body's `data` when it is a JSON object (a session, or the fields a 13400 names). */
export function bodyData(answer: Pick<Answer, 'json'>): Record<string, unknown> | undefined {
  return dataIn(answer.json);
}

/** "HTTP 400, body status 13400", or "HTTP 502, non-JSON body "<html>…"", for failure messages and checklist lines. */
export function describeAnswer(answer: Answer): string {
  const body = answer.json === undefined ? `non-JSON body ${JSON.stringify(answer.rawBody.slice(0, 80))}` : `body status ${JSON.stringify(statusIn(answer.json))}`;
  return `HTTP ${answer.status}, ${body}`;
}
