// npm run sign -- --body-file body.json: prints the signed headers for a request body, so a person can
// re-send a request from a report with curl. The secret is read from INGO_HMAC_SECRET (.env or the
// shell) and only the signature derived from it is printed.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sign, type SigningTweak } from '../client/signer.ts';
import { ConfigError, loadConfig, type ParticipantConfig } from '../config/index.ts';
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
  --skew <seconds>       shift X-Date (e.g. -400 to see a skewed request refused)
  --hex-digest           send Content-sha512 as hex (a common mistake: the server must refuse it)
  --format headers|curl  "headers" (default): one "Name: value" per line, for curl -H @file;
                         "curl": the same as -H arguments on one line

Replay a request from a report:
  npm run -s sign -- --body-file body.json > headers.txt
  curl -sS -i -X POST "$INGO_BASE_URL${SESSION_PATH}" -H @headers.txt --data-binary @body.json

Sign the bytes you send: curl's --data-binary @file sends them unchanged (plain -d would strip newlines).
Signed headers expire after ±300 s of the server's clock: sign right before sending.`;

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        'body-file': { type: 'string' },
        date: { type: 'string' },
        username: { type: 'string' },
        algorithm: { type: 'string' },
        path: { type: 'string' },
        'content-type': { type: 'string' },
        skew: { type: 'string' },
        'hex-digest': { type: 'boolean' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`sign: ${(error as Error).message} (see --help)`);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  if (!args['body-file']) {
    console.error('sign: --body-file is required (see --help)');
    return 2;
  }
  loadDotenv();
  let participant: ParticipantConfig;
  try {
    participant = pickParticipant(args.username);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  let body: Buffer;
  try {
    body = readFileSync(args['body-file']);
  } catch (error) {
    console.error(`sign: cannot read ${args['body-file']}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 2;
  }
  const date = parseDate(args.date);
  if (!date) {
    console.error(`sign: --date "${args.date}" is not a date (use an RFC 1123 date, an ISO date or "now")`);
    return 2;
  }
  const algorithm = (args.algorithm ?? participant.algorithm) as HmacAlgorithmName;
  const contract = loadContract();
  if (!(algorithm in contract.hmac.algorithms)) {
    console.error(`sign: --algorithm must be one of ${Object.keys(contract.hmac.algorithms).join(', ')}`);
    return 2;
  }
  const skew = args.skew === undefined ? undefined : Number(args.skew);
  if (skew !== undefined && !Number.isFinite(skew)) {
    console.error('sign: --skew must be a number of seconds');
    return 2;
  }
  const tweak: SigningTweak = { ...(skew !== undefined && { skewSeconds: skew }), ...(args['hex-digest'] && { digestEncoding: 'hex' as const }) };
  const signed = sign(
    contract.hmac,
    { username: args.username ?? participant.username, secret: participant.secret, algorithm },
    { method: 'POST', path: args.path ?? SESSION_PATH, body, contentType: args['content-type'] ?? 'application/json', date },
    tweak,
  );
  const format = args.format ?? 'headers';
  if (format === 'curl') console.log(Object.entries(signed.headers).map(([k, v]) => `-H ${quote(`${k}: ${v}`)}`).join(' '));
  else if (format === 'headers') console.log(Object.entries(signed.headers).map(([k, v]) => `${k}: ${v}`).join('\n'));
  else {
    console.error('sign: --format must be headers or curl');
    return 2;
  }
  return 0;
}

/** The secondary participant's username selects its secret; any other name signs with the primary's. */
function pickParticipant(username: string | undefined): ParticipantConfig {
  const config = loadConfig();
  if (username && config.secondary?.username === username) return config.secondary;
  return config.primary;
}

function parseDate(value: string | undefined): Date | undefined {
  if (value === undefined || value === 'now') return new Date();
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

process.exitCode = main(process.argv.slice(2));
