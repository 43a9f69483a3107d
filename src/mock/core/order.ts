// The order of the check stages is a personality choice; not every order is workable. Each stage
// needs what earlier stages provide (the fields cannot be judged before the body is JSON, nor the
// white-list before the caller is known), so an order is checked once, at start-up.
import { CHECK_STAGES, type CheckStageName } from './stage-names.ts';

type Provision = 'participant' | 'content-type' | 'json';

const NEEDS: Record<CheckStageName, readonly Provision[]> = {
  authenticate: [],
  'content-type': [],
  'parse-json': ['content-type'],
  'validate-fields': ['json', 'participant'],
  'white-list': ['json', 'participant'],
  idempotency: ['json', 'participant'],
};

const PROVIDES: Partial<Record<CheckStageName, Provision>> = {
  authenticate: 'participant',
  'content-type': 'content-type',
  'parse-json': 'json',
};

/** The order as stage names, or an Error saying what is wrong with it. */
export function checkOrder(order: readonly string[]): CheckStageName[] {
  const known = new Set<string>(CHECK_STAGES);
  const unknown = order.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`check order: unknown stage ${unknown.join(', ')}; the stages are ${CHECK_STAGES.join(', ')}`);
  const missing = CHECK_STAGES.filter((name) => !order.includes(name));
  if (missing.length > 0 || order.length !== CHECK_STAGES.length) {
    throw new Error(`check order: name each of ${CHECK_STAGES.join(', ')} exactly once${missing.length > 0 ? ` (missing ${missing.join(', ')})` : ''}`);
  }
  const provided = new Set<Provision>();
  for (const name of order as readonly CheckStageName[]) {
    const lacking = NEEDS[name].filter((need) => !provided.has(need));
    if (lacking.length > 0) {
      const by = lacking.map((need) => Object.entries(PROVIDES).find(([, p]) => p === need)![0]);
      throw new Error(`check order: ${name} needs ${by.join(' and ')} to run before it`);
    }
    const provides = PROVIDES[name];
    if (provides) provided.add(provides);
  }
  return [...order] as CheckStageName[];
}
