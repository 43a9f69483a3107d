// npm run sign -- --body-file body.json: prints the signed headers for a request body, so a person can
// re-send a request from a report with curl. The secret is read from INGO_HMAC_SECRET (.env or the
// shell) and only the signature derived from it is printed. A replay of a signing check repeats its
// deliberate mistakes with the same options the harness used (--hex-digest, --wrong-secret, …).
import { readFileSync } from 'node:fs';
import { sign, type SigningTweak } from '../client/signer.ts';
import { asUsage, badInputLine, numberFlag, parseFlags, UsageError } from './flags.ts';
import { loadConfig, type ParticipantConfig } from '../config/index.ts';
import { loadDotenv } from '../config/dotenv.ts';
import { loadContract, SESSION_PATH, type HmacAlgorithmName } from '../contract/index.ts';

const HELP = `Usage: npm run -s sign -- --body-file <file> [options]

Prints the headers that sign <file> as a create-session request body: X-Date, Content-Type,
Content-sha512, Content-Length and Authorization. The secret comes from INGO_HMAC_SECRET (your .env or
the shell) and is never printed; the signature is derived from it.

Options
  --body-file <file>     the exact bytes to send (required; they are hashed as they are)
  --date <date>          X-Date to sign with: an RFC 1123 date ("Tue, 01 Dec 2026 10:00:00 GMT"),
                         an ISO date, or "now" (default). Use the server's Date header to rule out clock skew.
  --username <name>      sign as this username (default INGO_HMAC_USERNAME; the secondary participant's
                         username selects its secret)
  --algorithm <name>     hmac-sha512 (default, or INGO_HMAC_ALGORITHM) or hmac-sha256
  --path <path>          request path (default ${SESSION_PATH})
  --content-type <type>  default application/json
  --format headers|curl  "headers" (default): one "Name: value" per line, for curl -H @file;
                         "curl": the same as -H arguments on one line

Deliberate mistakes (a report's replay of a signing check repeats the ones the check made):
  --skew=<seconds>            shift X-Date (e.g. --skew=-400 to see a skewed request refused)
  --hex-digest                send Content-sha512 as hex instead of base64 of the raw digest
  --hex-signature             hex-encode the HMAC before base64
  --signed-headers "<list>"   sign and name this header list instead of the documented one
  --compute-with <algorithm>  compute the HMAC with this algorithm while naming the configured one
  --wrong-secret              sign with a fixed placeholder secret instead of yours
  --signed-body-file <file>   sign this body, but describe --body-file's length (the body changed after signing)
  --omit-header <name>        leave this header out (repeatable; "authorization" drops the signature)
  --header "<Name: value>"    replace a header's value after signing (repeatable)

Replay a request from a report:
  npm run -s sign -- --body-file body.json > headers.txt
  curl -sS -i -X POST "$INGO_BASE_URL${SESSION_PATH}" -H @headers.txt --data-binary @body.json

Sign the bytes you send: curl's --data-binary @file sends them unchanged (plain -d would strip newlines).
Signed headers expire after ±300 s of the server's clock: sign right before sending.`;

/** Prints the signed headers; bad flags or files are a UsageError (one line, exit 2). */
function run(argv: string[]): void {
  const args = parseFlags(argv, {
    'body-file': { type: 'string' },
    date: { type: 'string' },
    username: { type: 'string' },
    algorithm: { type: 'string' },
    path: { type: 'string' },
    'content-type': { type: 'string' },
    skew: { type: 'string' },
    'hex-digest': { type: 'boolean' },
    'hex-signature': { type: 'boolean' },
    'signed-headers': { type: 'string' },
    'compute-with': { type: 'string' },
    'wrong-secret': { type: 'boolean' },
    'signed-body-file': { type: 'string' },
    'omit-header': { type: 'string', multiple: true },
    header: { type: 'string', multiple: true },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (args.help) {
    console.log(HELP);
    return;
  }
  if (!args['body-file']) throw new UsageError('--body-file is required');
  const format = args.format ?? 'headers';
  if (format !== 'headers' && format !== 'curl') throw new UsageError('--format must be headers or curl');
  loadDotenv();
  const participant = pickParticipant(args.username);
  const body = readBody(args['body-file']);
  const signedBody = args['signed-body-file'] === undefined ? body : readBody(args['signed-body-file']);
  const date = parseDate(args.date);
  const contract = loadContract();
  const algorithms = Object.keys(contract.hmac.algorithms);
  const algorithm = (args.algorithm ?? participant.algorithm) as HmacAlgorithmName;
  if (!(algorithm in contract.hmac.algorithms)) throw new UsageError(`--algorithm must be one of ${algorithms.join(', ')}`);
  if (args['compute-with'] !== undefined && !algorithms.includes(args['compute-with'])) throw new UsageError(`--compute-with must be one of ${algorithms.join(', ')}`);
  const skew = numberFlag('skew', args.skew, Number.isFinite, 'a number of seconds');
  const overrides = Object.fromEntries((args.header ?? []).map(headerOverride));
  const tweak: SigningTweak = {
    ...(skew !== undefined && { skewSeconds: skew }),
    ...(args['hex-digest'] && { digestEncoding: 'hex' as const }),
    ...(args['hex-signature'] && { signatureEncoding: 'hex-then-base64' as const }),
    ...(args['signed-headers'] !== undefined && { signedHeaders: args['signed-headers'].split(/\s+/).filter(Boolean) }),
    ...(args['compute-with'] !== undefined && { computeWith: args['compute-with'] as HmacAlgorithmName }),
    ...(args['wrong-secret'] && { secret: WRONG_SECRET }),
    ...(args['omit-header'] && { omitHeaders: args['omit-header'].map((h) => h.toLowerCase()) }),
    ...(Object.keys(overrides).length > 0 && { overrideHeaders: overrides }),
  };
  const signed = asUsage(() =>
    sign(
      contract.hmac,
      { username: args.username ?? participant.username, secret: participant.secret, algorithm },
      { method: 'POST', path: args.path ?? SESSION_PATH, body: signedBody, contentType: args['content-type'] ?? 'application/json', date },
      tweak,
    ),
  );
  // The body changed after signing: the signature and digest are the signed body's, the length the sent one's.
  if (signedBody !== body && !tweak.omitHeaders?.includes('content-length') && !Object.keys(overrides).some((h) => h.toLowerCase() === 'content-length')) {
    signed.headers['Content-Length'] = String(body.byteLength);
  }
  if (format === 'curl') console.log(Object.entries(signed.headers).map(([k, v]) => `-H ${quote(`${k}: ${v}`)}`).join(' '));
  else console.log(Object.entries(signed.headers).map(([k, v]) => `${k}: ${v}`).join('\n'));
}

function main(argv: string[]): number {
  try {
    run(argv);
    return 0;
  } catch (error) {
    console.error(badInputLine('sign', error));
    return 2;
  }
}

function readBody(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** A --header "Name: value" as [name, value]. */
function headerOverride(header: string): [string, string] {
  const colon = header.indexOf(':');
  if (colon <= 0) throw new UsageError(`--header "${header}" is not "Name: value"`);
  return [header.slice(0, colon).trim(), header.slice(colon + 1).trim()];
}

/** The secondary participant's username selects its secret; any other name signs with the primary's. */
function pickParticipant(username: string | undefined): ParticipantConfig {
  const config = loadConfig();
  if (username && config.secondary?.username === username) return config.secondary;
  return config.primary;
}

function parseDate(value: string | undefined): Date {
  if (value === undefined || value === 'now') return new Date();
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--date "${value}" is not a date (use an RFC 1123 date, an ISO date or "now")`);
  return date;
}

/** Any wrong secret reproduces a "wrong secret" refusal; this one can never be a real participant's. */
const WRONG_SECRET = 'harness-replay-wrong-secret-not-a-real-one';

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

process.exitCode = main(process.argv.slice(2));
