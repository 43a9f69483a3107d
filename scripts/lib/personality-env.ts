// Which personalities a script runs against, and the environment the harness gets for each: the demo
// participants of the simulator (as scripts/test.sh gives them in its remote pass) and the
// personality's harnessEnv, the settings an integrator would give the harness for such a server.
import { UsageError } from '../../src/cli/flags.ts';
import { DEMO_PRIMARY, DEMO_SECONDARY } from '../../src/config/index.ts';
import { PERSONALITIES, type Personality } from '../../src/mock/index.ts';

/**
 * `--personality NAME` (repeatable, or `--personality=NAME`) and `--personalities=all` (or a
 * comma-separated list). Returns the remaining arguments untouched. Unknown names are a UsageError.
 */
export function takePersonalities(argv: readonly string[], fallback: readonly string[]): { personalities: Personality[]; rest: string[] } {
  const names: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--personality' || arg === '--personalities') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value (a personality name${arg === '--personalities' ? ', a comma-separated list or "all"' : ''})`);
      names.push(...listOf(value));
    } else if (arg.startsWith('--personality=') || arg.startsWith('--personalities=')) {
      names.push(...listOf(arg.slice(arg.indexOf('=') + 1)));
    } else rest.push(arg);
  }
  const wanted = names.length ? names : [...fallback];
  const expanded = wanted.includes('all') ? PERSONALITIES.map((p) => p.name) : [...new Set(wanted)];
  const unknown = expanded.filter((n) => !PERSONALITIES.some((p) => p.name === n));
  if (unknown.length) throw new UsageError(`unknown personality ${unknown.join(', ')}; valid names: ${PERSONALITIES.map((p) => p.name).join(', ')}, or all`);
  return { personalities: expanded.map((n) => PERSONALITIES.find((p) => p.name === n)!), rest };
}

function listOf(value: string): string[] {
  return value.split(',').map((v) => v.trim()).filter(Boolean);
}

/** Remote mode with the demo participants against a simulator process at `baseUrl` (playing `personality`, if given). */
export function remoteEnv(baseUrl: string, personality?: Personality): Record<string, string> {
  return {
    INGO_TARGET: 'remote',
    INGO_BASE_URL: baseUrl,
    INGO_HMAC_USERNAME: DEMO_PRIMARY.username,
    INGO_HMAC_SECRET: DEMO_PRIMARY.secret,
    INGO_HOST_URI: DEMO_PRIMARY.host_uris[0]!,
    INGO_PAYPAL_ENABLED: String(DEMO_PRIMARY.paypal_enabled),
    INGO_SECONDARY_HMAC_USERNAME: DEMO_SECONDARY.username,
    INGO_SECONDARY_HMAC_SECRET: DEMO_SECONDARY.secret,
    INGO_SECONDARY_HOST_URI: DEMO_SECONDARY.host_uris[0]!,
    INGO_SECONDARY_PAYPAL_ENABLED: String(DEMO_SECONDARY.paypal_enabled),
    ...personality?.harnessEnv,
  };
}

/** Mock mode with the embedded simulator playing `personality` (detection-power runs). */
export function mockEnv(personality: Personality): Record<string, string> {
  return { INGO_TARGET: 'mock', INGO_MOCK_PERSONALITY: personality.name, ...personality.harnessEnv };
}

