// What each profile means for a run: the projects, the seed, and the extra artifacts its reporter
// writes. The API suite reads INGO_PROFILE itself to size its property runs (certification ≥ 10×
// nightly); this module only decides what the runner is asked to do.
import type { Profile } from '../config/index.ts';

export interface ProfilePlan {
  readonly profile: Profile;
  readonly projects: readonly string[];
  readonly seed: number;
  readonly seedSource: string;
  /** Written besides conformance.json/.html and junit.xml. */
  readonly extras: readonly string[];
}

export const CONFORMANCE_RUN_PROJECTS = ['api', 'browser'] as const;

export function planRun(profile: Exclude<Profile, 'onboarding'>, env: NodeJS.ProcessEnv, now = new Date(), random = Math.random): ProfilePlan {
  const given = env['INGO_SEED']?.trim();
  const { seed, seedSource } = given
    ? { seed: Number(given), seedSource: 'from INGO_SEED' }
    : profile === 'nightly'
      ? { seed: nightlySeed(now), seedSource: `from the date (${now.toISOString().slice(0, 10)}, UTC): a new seed every night` }
      : { seed: Math.floor(random() * 0x7fffffff), seedSource: 'random; recorded in the report' };
  const extras = profile === 'nightly' ? ['history/history.jsonl (appended)', 'history/trend.html'] : profile === 'certification' ? ['certificate.html', 'certificate.json'] : [];
  return { profile, projects: CONFORMANCE_RUN_PROJECTS, seed, seedSource, extras };
}

/** YYYYMMDD of the UTC date: readable in a report, different every night, the same all night long. */
export function nightlySeed(now: Date): number {
  return Number(now.toISOString().slice(0, 10).replace(/-/g, ''));
}
