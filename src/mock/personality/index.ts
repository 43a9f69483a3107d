// Server personalities: the choices a conforming server may make where the document is silent, and
// named bundles of them. See README.md beside src/mock for the table.
export { CHOICES, CHOICE_BY_NAME, type ChoiceName } from './choices.ts';
export { defaultValue, type Choice, type ChoiceValue } from './choice.ts';
export { PERSONALITIES, CLASSIC_EXPIRED_TEXT, type Personality } from './personalities.ts';
export { findPersonality, parseChoiceAssignment, resolvePersonality, type ResolvedPersonality } from './resolve.ts';
