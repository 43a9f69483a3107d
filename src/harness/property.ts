// fc.assert over an async property, with infrastructure trouble kept out of it: a TransportError (the
// target unreachable, a timeout, a persistent 429) is not a counterexample, so fast-check must not
// shrink on it (every shrink step would wait for the dead target again). The first one stops the
// property: the remaining runs pass without sending, and the error is thrown after fc.assert, whole,
// so the report files it as infrastructure trouble.
import fc from 'fast-check';
import { TransportError } from '../client/transport.ts';

export async function assertProperty<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, parameters: fc.Parameters<unknown>): Promise<{ runs: number }> {
  let infrastructure: TransportError | undefined;
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      if (infrastructure) return;
      try {
        runs += 1;
        await predicate(value);
      } catch (error) {
        if (error instanceof TransportError) {
          infrastructure = error;
          return;
        }
        throw error;
      }
    }),
    parameters as fc.Parameters<[T]>,
  );
  if (infrastructure) throw infrastructure;
  return { runs };
}
