// One API request on its way through the pipeline. Each stage reads what earlier stages provided and
// adds its own result; every field is declared here, so all requests share one object shape.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Participant } from '../../config/demo-participants.ts';
import type { Session } from '../store/sessions.ts';
import type { Refusal } from './refusal.ts';

const NO_BODY = Buffer.alloc(0);

export class ApiRequest {
  /** read-body */
  body: Buffer = NO_BODY;
  /** content-type: false when the declared type is not JSON (and the personality parses anyway) */
  contentTypeIsJson = true;
  /** parse-json */
  parsed = false;
  json: unknown = undefined;
  /** authenticate */
  participant: Participant | undefined = undefined;
  /** idempotency: the usable key (absent when empty or ignored) and its store scope */
  keyResolved = false;
  key: string | undefined = undefined;
  scope: string | undefined = undefined;
  bodyHash: string | undefined = undefined;
  /** idempotency: the session an earlier request with this key created */
  replayOf: Session | undefined = undefined;
  /** white-list: the origin the session will be framed by */
  hostUri: string | undefined = undefined;
  /** Set when a stage refuses; still there when the reply is written. */
  refusal: Refusal | undefined = undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** performance.now() when the request arrived, for the `time` field. */
    readonly startedAt: number,
  ) {}

  /** A request header's raw value (several values joined), undefined when absent. */
  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }
}
