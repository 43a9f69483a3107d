// For tests only: the contract with another authorized URL lifetime (x-ttl-seconds), so that "opened
// after its lifetime" takes seconds, not 30 s, in npm test. The simulator, the proxy's response checks
// and the card all read the lifetime from this one contract, so they agree; the card says the run was
// shortened and is no certification.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { contractFromText, DEFAULT_CONTRACT_PATH, loadContract, type Contract } from '../contract/index.ts';

const TTL_PATH = ['components', 'schemas', 'SessionData', 'properties', 'authorized_url_expiration_utc', 'x-ttl-seconds'];

export function contractWithUrlLifetime(seconds: number | undefined): Contract {
  if (seconds === undefined) return loadContract();
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 30) throw new Error(`the URL lifetime must be an integer between 1 and 30 seconds, got ${seconds}`);
  const document = parseDocument(readFileSync(DEFAULT_CONTRACT_PATH, 'utf8'));
  if (!document.hasIn(TTL_PATH)) throw new Error('the contract has no x-ttl-seconds on authorized_url_expiration_utc');
  document.setIn(TTL_PATH, seconds);
  return contractFromText(document.toString());
}
