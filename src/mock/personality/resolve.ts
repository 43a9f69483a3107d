// Turns a personality name and single-choice overrides into the effective value of every choice and
// the overrides that produce it, with one clear error for any bad name or value.
import type { Override } from '../core/seams.ts';
import { defaultValue, type Choice, type ChoiceValue } from './choice.ts';
import { CHOICE_BY_NAME, CHOICES } from './choices.ts';
import { PERSONALITIES, type Personality } from './personalities.ts';

export interface ResolvedPersonality {
  readonly personality: Personality;
  /** Every choice's effective value, defaults included. */
  readonly choices: Readonly<Record<string, string>>;
  readonly overrides: readonly Override[];
}

export function findPersonality(name: string): Personality {
  const found = PERSONALITIES.find((p) => p.name === name);
  if (!found) throw new Error(`unknown personality ${name}; valid names: ${PERSONALITIES.map((p) => p.name).join(', ')}`);
  return found;
}

export function findChoiceValue(c: Choice, text: string): ChoiceValue {
  const listed = c.values.find((v) => v.value === text);
  if (listed) return listed;
  const other = c.parseOther?.(text);
  if (other !== undefined && typeof other !== 'string') return other;
  const hint = typeof other === 'string' ? ` (${other})` : '';
  throw new Error(`choice ${c.name}: unknown value ${JSON.stringify(text)}${hint}; valid values: ${c.values.map((v) => v.value).join(', ')}`);
}

export function resolvePersonality(name = 'default', changes: Readonly<Record<string, string>> = {}): ResolvedPersonality {
  const personality = findPersonality(name);
  for (const key of Object.keys(changes)) {
    if (!CHOICE_BY_NAME.has(key)) throw new Error(`unknown choice ${key}; valid choices: ${[...CHOICE_BY_NAME.keys()].join(', ')}`);
  }
  const choices: Record<string, string> = {};
  const overrides: Override[] = [];
  for (const c of CHOICES as readonly Choice[]) {
    const text = changes[c.name] ?? (personality.choices as Record<string, string | undefined>)[c.name] ?? defaultValue(c);
    const picked = findChoiceValue(c, text);
    choices[c.name] = picked.value;
    overrides.push(...picked.overrides);
  }
  return { personality, choices: Object.freeze(choices), overrides };
}

/** "name=value" from the command line. */
export function parseChoiceAssignment(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`--choice expects name=value, got ${JSON.stringify(text)}`);
  return [text.slice(0, eq).trim(), text.slice(eq + 1).trim()];
}
