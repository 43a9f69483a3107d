// How the simulator's tests read an answer, judged only as the document states it: a documented
// error status counts on any 4xx, or on a 2xx (undocumented; a harness only warns).
import type { SessionResponse } from '../../src/client/session-client.ts';
import { statusIn } from '../../src/contract/index.ts';

/** The body's "status" (the document's 100, 101, 13400, 13723 ...). */
export function apiStatus(r: SessionResponse): unknown {
  return statusIn(r.json);
}

export function data(r: SessionResponse): Record<string, any> {
  return (r.json as { data: Record<string, any> }).data;
}

export const is2xx = (r: SessionResponse) => r.status >= 200 && r.status < 300;
export const isError = (r: SessionResponse, status: number) => apiStatus(r) === status && ((r.status >= 400 && r.status < 500) || is2xx(r));
export const is13400 = (r: SessionResponse) => isError(r, 13400);
export const is13723 = (r: SessionResponse) => isError(r, 13723);
export const isCreated = (r: SessionResponse) => is2xx(r) && apiStatus(r) === 100;
export const isReplay = (r: SessionResponse) => is2xx(r) && apiStatus(r) === 101;
export const is401 = (r: SessionResponse) => r.status === 401;
