// Hand-made request bodies for the deterministic tests: the document's example request, made valid for
// the configured participant (its white-listed host), with a fresh correlation id. Property tests use
// the generators instead.
import { randomUUID } from 'node:crypto';
import type { Contract, ParticipantProfile } from '../contract/index.ts';

export type Body = Record<string, unknown> & { recipient_information: Record<string, unknown> };

/** The document's example with host_uri set to the participant's first white-listed host. */
export function validBody(contract: Contract, participant: ParticipantProfile, overrides: { top?: Record<string, unknown>; recipient?: Record<string, unknown> } = {}): Body {
  const example = contract.exampleRequest() as Body;
  const body: Body = {
    ...example,
    participant_unique_id1: `harness-${randomUUID()}`,
    host_uri: participant.host_uris[0] ?? example['host_uri'],
    ...overrides.top,
    recipient_information: { ...example.recipient_information, ...overrides.recipient },
  };
  return body;
}

/** A copy of a body with the value at a dotted path replaced (or removed when value is undefined). */
export function withField(body: Body, key: string, value: unknown): Body {
  const copy = structuredClone(body);
  const path = key.split('.');
  let node: Record<string, unknown> = copy;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (!next || typeof next !== 'object' || Array.isArray(next)) return copy; // the parent is not an object: nothing to set
    node = next as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}
