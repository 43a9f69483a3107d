// The document's answer body: `status` (100, 101, 13400, 13723) and `data`, read out of a parsed body
// in one place. src/client/answer.ts reads them off an exchange with these.
import { isJsonObject as isObject } from './body-path.ts';

/** A parsed body's `status` as sent, whatever its type; undefined when the body is no JSON object. */
export function statusIn(json: unknown): unknown {
  return isObject(json) ? json['status'] : undefined;
}

/** A parsed body's `status` when it is a number (100, 101, 13400, 13723, or one the document does not know). */
export function apiStatusIn(json: unknown): number | undefined {
  const status = statusIn(json);
  return typeof status === 'number' ? status : undefined;
}

/** A parsed body's `data` when it is a JSON object (a session, or the fields a 13400 names). */
export function dataIn(json: unknown): Record<string, unknown> | undefined {
  const data = isObject(json) ? json['data'] : undefined;
  return isObject(data) ? data : undefined;
}
