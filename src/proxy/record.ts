// Every exchange the proxy forwards is recorded as one JSON line, masked as the reports mask evidence
// (src/report/redact.ts): recipient values as "J***[4]", the secret in none of its forms (each line
// is checked before it is written, like every report artifact). The record is what a person reads
// afterwards, and what the client card quotes as evidence.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Finding } from '../checks/index.ts';
import { maskPersonalValuesInBodyText, maskRequestBody, maskValue, personalValuesInBodyText, personalValuesOf, scrubText } from '../report/redact.ts';
import { secretForms } from '../report/secret-forms.ts';
import type { ExchangeClass, InspectedExchange, RequestFinding } from './types.ts';

export interface ExchangeRecord {
  readonly seq: number;
  /** ISO time the request had been read. */
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly class: ExchangeClass;
  readonly request: {
    readonly headers: Record<string, string>;
    /** Masked: recipient values as "J***[4]"; a body that is no JSON as masked text. */
    readonly body: unknown;
    readonly bytes: number;
  };
  readonly response:
    | { readonly status: number; readonly headers: Record<string, string>; readonly body: unknown; readonly dropped?: true }
    | { readonly status: number; readonly infrastructure: string };
  readonly upstreamMs: number;
  readonly signing?: { readonly ok: boolean; readonly username?: string; readonly mistake?: string; readonly detail?: string; readonly xDateSkewSeconds?: number };
  readonly requestFindings: readonly RequestFinding[];
  readonly responseFindings: readonly Finding[];
}

const MAX_TEXT = 4000;

export function toRecord(exchange: InspectedExchange, secrets: readonly string[]): ExchangeRecord {
  const { request, outcome, inspection } = exchange;
  const text = Buffer.from(request.body).toString('utf8');
  const personal = inspection.json !== undefined ? personalValuesOf(inspection.json) : personalValuesInBodyText(text.slice(0, MAX_TEXT));
  const scrub = (s: string) => withoutPersonal(withoutSecrets(s, secrets), personal);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = scrub(value);
  const body = inspection.json !== undefined ? maskRequestBody(inspection.json) : maskPersonalValuesInBodyText(text.slice(0, MAX_TEXT), (v) => String(maskValue(v)));
  const signing = inspection.signing;
  return {
    seq: exchange.seq,
    at: new Date(exchange.receivedAtMs).toISOString(),
    method: request.method,
    path: request.target,
    class: inspection.classification,
    request: { headers, body: typeof body === 'string' ? scrub(body) : body, bytes: request.body.byteLength },
    response:
      outcome.kind === 'upstream-error'
        ? { status: outcome.status, infrastructure: scrub(outcome.message) }
        : {
            status: outcome.status,
            headers: Object.fromEntries(Object.entries(outcome.headers).map(([k, v]) => [k, scrub(v)])),
            body: responseBody(outcome.body, scrub),
            ...(outcome.kind === 'dropped' && { dropped: true as const }),
          },
    upstreamMs: Math.round(exchange.upstreamMs * 10) / 10,
    ...(signing && {
      signing: {
        ok: signing.ok,
        ...(signing.username !== undefined && { username: signing.username }),
        ...(signing.mistake && { mistake: signing.mistake.id, detail: scrub(signing.mistake.detail) }),
        ...(signing.xDate.skewSeconds !== undefined && { xDateSkewSeconds: signing.xDate.skewSeconds }),
      },
    }),
    requestFindings: inspection.request.map((f) => ({ ...f, message: scrub(f.message) })),
    responseFindings: inspection.response.map((f) => scrubFinding(f, scrub)),
  };
}

function responseBody(bytes: Buffer, scrub: (s: string) => string): unknown {
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(scrub(JSON.stringify(JSON.parse(text))));
  } catch {
    return scrub(text.slice(0, MAX_TEXT));
  }
}

function scrubFinding(f: Finding, scrub: (s: string) => string): Finding {
  if (f.kind === 'fail' || f.kind === 'warn') return { ...f, message: scrub(f.message) };
  if (f.kind === 'observe') return { ...f, observed: scrub(f.observed) };
  return { ...f, observed: scrub(f.observed) };
}

/** Lines are written in batches: one write per line would be one system call per exchange. */
const FLUSH_AFTER_MS = 20;
const FLUSH_AT_BYTES = 64 * 1024;

/** Appends records to a JSON Lines file; a line that would carry the secret is refused, loudly. */
export class RecordFile {
  private readonly stream: WriteStream;
  private refused = 0;
  private batch: string[] = [];
  private batchBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly path: string,
    private readonly secrets: readonly string[],
    private readonly onError: (message: string) => void,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'w' });
    this.stream.on('error', (error) => onError(`cannot write ${path}: ${error.message}`));
  }

  write(record: ExchangeRecord): void {
    const line = JSON.stringify(record);
    if (this.secrets.some((secret) => formsOf(secret).some((form) => line.includes(form)))) {
      this.refused += 1;
      this.onError(`exchange #${record.seq} not recorded: it would contain the HMAC secret (a bug in the proxy: report it)`);
      return;
    }
    this.batch.push(line);
    this.batchBytes += line.length;
    if (this.batchBytes >= FLUSH_AT_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_AFTER_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.batch.length === 0) return;
    this.stream.write(`${this.batch.join('\n')}\n`);
    this.batch = [];
    this.batchBytes = 0;
  }

  get refusedLines(): number {
    return this.refused;
  }

  close(): Promise<void> {
    this.flush();
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}

const FORMS = new Map<string, readonly string[]>();

/** The secret's leak forms (secret-forms.ts), computed once per secret: every exchange is scrubbed with them. */
function formsOf(secret: string): readonly string[] {
  let forms = FORMS.get(secret);
  if (!forms) FORMS.set(secret, (forms = secretForms(secret)));
  return forms;
}

function withoutSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of formsOf(secret)) if (out.includes(form)) out = out.split(form).join('[redacted-secret]');
  }
  return out;
}

/** scrubText for recipient values, looking for each before replacing it (most texts carry none). */
function withoutPersonal(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) {
    if (value.length < 4) continue;
    if (out.includes(value) || out.includes(JSON.stringify(value).slice(1, -1))) out = scrubText(out, [], [value]);
  }
  return out;
}
