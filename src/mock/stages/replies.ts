// The reply catalog of the respond stage: how each kind of refusal is said. One place decides the
// HTTP status that carries 13400 and 13723, the 401 body, the 13400 key style and the common body
// fields (developer_message, time, extra fields), so the stages that refuse never build a body.
import type { ApiRequest } from '../core/api-request.ts';
import type { FieldError, Refusal } from '../core/refusal.ts';
import { elapsedSeconds, message, type Reply } from '../core/reply.ts';
import { newUuid } from '../store/sessions.ts';

/** Not in the document: an idempotent re-request for a session that can no longer be re-authorised. */
export const SESSION_NOT_REAUTHORIZABLE = 13724;

/** The fields every document-shaped body shares. */
export interface BodyStyleSeams {
  /** `time`: the seconds the request took (a decimal), or always the integer 0. */
  time: 'elapsed' | 'zero';
  developerMessage: boolean;
  /** Undocumented extras: a top-level request_id (and data.session_state on successes). */
  extraFields: boolean;
  jsonContentType: string;
}

export interface RefusalSeams {
  http13400: number;
  http13723: number;
  unauthorizedBody: 'message-json' | 'empty' | 'text-plain' | 'problem-json';
  /** Fault leak-signature-in-401: the 401 carries the expected signature and signing string. */
  leakSignature: boolean;
  errorKeys: 'dotted' | 'pascal' | 'json-path' | 'bare';
  /** Fault error-shape-wrong: 13400 data as a flat array of messages. */
  errorDataAsArray: boolean;
  data13723: 'null' | 'empty-object';
  /** The HTTP status of a refused content type. */
  mediaTypeStatus: number;
}

export function defaultBodyStyleSeams(): BodyStyleSeams {
  return { time: 'elapsed', developerMessage: true, extraFields: false, jsonContentType: 'application/json; charset=utf-8' };
}

export function defaultRefusalSeams(): RefusalSeams {
  return {
    http13400: 400,
    http13723: 400,
    unauthorizedBody: 'message-json',
    leakSignature: false,
    errorKeys: 'dotted',
    errorDataAsArray: false,
    data13723: 'null',
    mediaTypeStatus: 415,
  };
}

const UNAUTHORIZED_BODIES: Record<RefusalSeams['unauthorizedBody'], Reply> = {
  'message-json': { httpStatus: 401, body: { message: 'Unauthorized' } },
  empty: { httpStatus: 401, text: '', contentType: '' },
  'text-plain': { httpStatus: 401, text: 'Unauthorized', contentType: 'text/plain; charset=utf-8' },
  'problem-json': {
    httpStatus: 401,
    body: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2', title: 'Unauthorized', status: 401 },
    contentType: 'application/problem+json; charset=utf-8',
  },
};

const VALIDATION_MESSAGE = 'Field validation error - See data element for validation error details';

export class ReplyCatalog {
  private readonly unauthorized: Reply;
  private readonly keyOf: (error: FieldError) => string;

  constructor(
    private readonly seams: Readonly<RefusalSeams>,
    private readonly style: Readonly<BodyStyleSeams>,
  ) {
    this.unauthorized = UNAUTHORIZED_BODIES[seams.unauthorizedBody];
    const keys = seams.errorKeys;
    this.keyOf =
      keys === 'pascal' ? (e) => e.field.pascal : keys === 'json-path' ? (e) => e.field.jsonPath : keys === 'bare' ? (e) => e.field.bare : (e) => e.field.dotted;
  }

  readonly render = (refusal: Refusal, ctx: ApiRequest): Reply => {
    switch (refusal.kind) {
      case 'unauthorized':
        if (this.seams.leakSignature && refusal.stage === 'authenticate' && refusal.expectedSignature) {
          return { httpStatus: 401, body: { message: 'Unauthorized', expected_signature: refusal.expectedSignature, signing_string: refusal.signingString } };
        }
        return this.unauthorized;
      case 'invalid-fields':
        return { httpStatus: this.seams.http13400, body: this.body(13400, VALIDATION_MESSAGE, 'invalid_request_fields', this.fieldData(refusal.errors), ctx.startedAt) };
      case 'idempotency-mismatch':
        return {
          httpStatus: this.seams.http13723,
          body: this.body(
            13723,
            `Idempotency Key ${refusal.key} for ParticipantId ${refusal.participantId} does not match the original request`,
            'invalid_idempotent_request',
            this.seams.data13723 === 'null' ? null : {},
            ctx.startedAt,
          ),
        };
      case 'not-reauthorizable':
        return {
          httpStatus: 409,
          body: this.body(
            SESSION_NOT_REAUTHORIZABLE,
            `Session ${refusal.sessionId} is ${refusal.state} and cannot be re-authorized; create a new session with a new Idempotency-Key`,
            'session_not_reauthorizable',
            { session_identifier: refusal.sessionId, session_state: refusal.state },
            ctx.startedAt,
          ),
        };
      case 'in-progress':
        return message(409, 'Conflict: a request with this Idempotency-Key is still in progress; retry later');
      case 'stored-failure':
        return refusal.reply;
      case 'unsupported-media-type':
        return message(this.seams.mediaTypeStatus, 'Unsupported Media Type: send application/json');
      case 'too-large':
        return message(413, `Payload Too Large: the limit is ${refusal.limit} bytes`, { Connection: 'close' });
      case 'unavailable':
        return message(503, 'Service Unavailable', { 'Retry-After': '1' });
      case 'server-error':
        return message(500, 'Internal Server Error');
    }
  };

  /** A body in the document's shape: status, client_message, developer_message, data, time. */
  body(status: number, clientMessage: string, developerMessage: string, data: unknown, startedAt: number): Record<string, unknown> {
    const body: Record<string, unknown> = { status, client_message: clientMessage };
    if (this.style.developerMessage) body['developer_message'] = developerMessage;
    body['data'] = data;
    body['time'] = this.time(startedAt);
    if (this.style.extraFields) body['request_id'] = newUuid();
    return body;
  }

  time(startedAt: number): number {
    return this.style.time === 'zero' ? 0 : elapsedSeconds(startedAt);
  }

  private fieldData(errors: readonly FieldError[]): unknown {
    if (this.seams.errorDataAsArray) return errors.map((e) => e.message);
    // No prototype: an unknown field may be called "__proto__".
    const data: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (const error of errors) (data[this.keyOf(error)] ??= []).push(error.message);
    return data;
  }
}
