// fast-check arbitraries for create-session requests, valid and invalid, derived from the compiled
// contract (limits, patterns, the state list, conditions, x-not-documented, requirement ids), with
// faker's data for realism. Everything replays from one seed (seed.ts).
export type {
  BoundaryCase,
  CreateSessionRequest,
  ForeignHostCase,
  GeneratorParticipant,
  InvalidCase,
  InvalidOptions,
  RecipientInformation,
  ValidOptions,
} from './types.ts';
export { validRequest, validIdempotencyKey, seededValidRequest } from './valid.ts';
export { invalidRequest, singleRuleViolation } from './invalid.ts';
export { boundaryCases } from './boundaries.ts';
export { foreignHostUri } from './host.ts';
export { seedFromEnv, seedPathFromEnv, propertyParameters, reproduceHint, type SeedSource } from './seed.ts';
export { globallyUndocumented } from './not-documented.ts';
