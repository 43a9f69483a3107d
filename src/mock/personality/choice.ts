// A choice is one thing the document leaves open, with the values a conforming server may pick. Each
// value is a description and the overrides that make the simulator behave that way; the first value
// is today's simulator (and changes nothing). A personality is a bundle of values, nothing more.
import type { Override } from '../core/seams.ts';

export interface ChoiceValue {
  readonly value: string;
  readonly description: string;
  readonly overrides: readonly Override[];
}

export interface Choice<N extends string = string> {
  readonly name: N;
  readonly description: string;
  /** The first is the default: today's behaviour. */
  readonly values: readonly ChoiceValue[];
  /** The first value's name. */
  readonly default: string;
  /** Values beyond the listed ones (e.g. an explicit order of stages), or an error message. */
  readonly parseOther?: (text: string) => ChoiceValue | string;
}

export function choice<const N extends string>(name: N, description: string, values: readonly ChoiceValue[], parseOther?: Choice['parseOther']): Choice<N> {
  if (values.length < 2) throw new Error(`choice ${name}: at least two values`);
  if (values[0]!.overrides.length > 0) throw new Error(`choice ${name}: the first value is today's behaviour and changes nothing`);
  return { name, description, values, default: values[0]!.value, ...(parseOther && { parseOther }) };
}

export function value(name: string, description: string, ...overrides: Override[]): ChoiceValue {
  return { value: name, description, overrides };
}

export function defaultValue(c: Choice): string {
  return c.default;
}
