// Small parsers for environment values; each failure is a ConfigError naming the variable.
import { ConfigError } from './errors.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = text(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

export function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = text(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1' || value === 'yes') return true;
  if (value === 'false' || value === '0' || value === 'no') return false;
  throw new ConfigError(name, `must be true or false (got "${env[name]}")`);
}

export function positiveNumber(env: Env, name: string, fallback: number, options: { integer?: boolean } = {}): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (options.integer && !Number.isInteger(number))) {
    throw new ConfigError(name, `must be a positive ${options.integer ? 'whole ' : ''}number (got "${value}")`);
  }
  return number;
}

export function integer(env: Env, name: string): number | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < -0x80000000 || number > 0x7fffffff) {
    throw new ConfigError(name, `must be a 32-bit whole number (got "${value}")`);
  }
  return number;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** An absolute http(s) URL; http:// only for a loopback host (anything else must be TLS). */
export function url(env: Env, name: string, options: { originOnly?: boolean } = {}): URL | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `is not a valid URL (got "${value}")`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ConfigError(name, `must start with https:// (got "${value}")`);
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new ConfigError(name, `must use https:// for a non-loopback host (got "${value}")`);
  }
  if (parsed.username || parsed.password) throw new ConfigError(name, 'must not contain credentials');
  if (options.originOnly && (parsed.pathname !== '/' || parsed.search || parsed.hash || value.replace(/\/$/, '') !== parsed.origin)) {
    throw new ConfigError(name, `must be an origin like https://host[:port], without a path (got "${value}")`);
  }
  return parsed;
}
