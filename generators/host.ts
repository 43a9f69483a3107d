// host_uri values on an origin the participant has not white-listed, shaped like the white-listed ones
// (the look-alikes an attacker would try). Not validation errors: the document says such a request gets
// Unauthorized, so these are kept apart from invalidRequest. Every one differs from a white-listed
// origin in scheme, host or port, so it is refused whether a server compares origins or exact strings;
// a white-listed origin with a path, query or trailing slash is not here: how those compare is not
// documented (OBS-HOST-FORM, tests/contract/host.spec.ts).
import fc from 'fast-check';
import type { Contract } from '../src/contract/index.ts';
import { withValueAt } from '../src/contract/index.ts';
import { requestPlan, stringFields } from './fields.ts';
import { isBmpOnly, labelsOfLength } from './text.ts';
import type { ForeignHostCase, GeneratorParticipant } from './types.ts';
import { validRequest } from './valid.ts';

interface LookAlike {
  readonly how: string;
  make(origin: URL, pick: number): string;
}

const EVIL = 'evil.test'; // RFC 2606: never resolves to anyone's server

// Ordered so shrinking ends at the plainest: the white-listed host used as a prefix of another.
const LOOK_ALIKES: readonly LookAlike[] = [
  { how: 'the white-listed host as a prefix', make: (o) => `${o.protocol}//${o.hostname}.${EVIL}${port(o)}` },
  { how: 'another scheme', make: (o) => `${o.protocol === 'https:' ? 'http:' : 'https:'}//${o.host}` },
  { how: 'another port', make: (o, n) => `${o.protocol}//${o.hostname}:${[8443, 444, 8080, 4443][n % 4]}` },
  { how: 'a subdomain of it', make: (o) => `${o.protocol}//${EVIL.split('.')[0]}.${o.host}` },
  { how: 'a dash for a dot', make: (o) => `${o.protocol}//${o.hostname.replace('.', '-')}${port(o)}` },
  { how: 'user-info before another host', make: (o) => `${o.protocol}//${o.hostname}@${EVIL}` },
];

const port = (origin: URL) => (origin.port ? `:${origin.port}` : '');

export function foreignHostUri(contract: Contract, participant: GeneratorParticipant): fc.Arbitrary<ForeignHostCase> {
  const plan = requestPlan(contract, participant);
  const field = stringFields(plan).find((f) => f.rule.whiteListed !== undefined);
  const whiteListId = field?.rule.requirement.whiteList;
  if (!field || !whiteListId) throw new Error('generators: the contract has no white-listed field');
  const listed = participant.host_uris;
  const example = contract.exampleRequest()[field.rule.name];
  const origins = [...listed, ...(typeof example === 'string' ? [example] : [])].flatMap((h) => {
    try {
      return [new URL(h)];
    } catch {
      return [];
    }
  });
  if (origins.length === 0) throw new Error('generators: no origin to build look-alikes from');
  const max = field.rule.maxLength;
  const maxLengthId = field.rule.requirement.maxLength;
  const foreign = (v: string) => v !== '' && isBmpOnly(v) && !listed.includes(v);

  const within = fc
    .tuple(fc.constantFrom(...origins), fc.constantFrom(...LOOK_ALIKES), fc.nat())
    .map(([origin, look, n]) => ({ hostUri: look.make(origin, n), how: look.how }))
    .filter(({ hostUri }) => foreign(hostUri) && (max === undefined || hostUri.length <= max))
    .map(({ hostUri, how }) => ({ hostUri, description: `host_uri ${hostUri} is not white-listed (${how})`, requirementIds: [whiteListId], expect: 'unauthorized' as const }));

  const cases =
    max === undefined || maxLengthId === undefined
      ? within
      : fc.oneof(
          { arbitrary: within, weight: 6 },
          {
            // Over the limit too: both rules broken, and which refusal comes first is not documented.
            arbitrary: fc.constantFrom(...origins).map((o) => {
              const prefix = `${o.protocol}//${o.hostname}.`;
              const hostUri = `${prefix}${labelsOfLength('lookalike', Math.max(1, max + 1 - prefix.length - EVIL.length - 1))}.${EVIL}`;
              return { hostUri, description: `host_uri of ${hostUri.length} characters is over the limit of ${max} and not white-listed`, requirementIds: [whiteListId, maxLengthId], expect: 'refused' as const };
            }),
            weight: 1,
          },
        );

  return fc.tuple(validRequest(contract, participant), cases).map(([body, c]) => ({
    body: withValueAt(body, field.rule.path, c.hostUri),
    hostUri: c.hostUri,
    brokenFields: [field.rule.key],
    requirementIds: c.requirementIds,
    description: c.description,
    expect: c.expect,
  }));
}
