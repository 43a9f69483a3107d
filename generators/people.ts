// Realistic recipient data from faker's locale definitions, picked by fast-check. Picking from the
// lists (rather than seeding a faker instance per value) keeps every choice inside fast-check's
// randomness, so a run replays from its seed and shrinks to the first, plainest entry of each list;
// seeding faker costs ~20 µs a call, which alone would blow the generation budget.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import type { Faker } from '@faker-js/faker';
import { isBlank, isBmpOnly } from './text.ts';

/** What kind of realistic content a free-text field holds (chosen by field name in fields.ts). */
export type TextKind = 'given-name' | 'family-name' | 'street' | 'secondary' | 'city' | 'postal-code' | 'email' | 'phone' | 'reference' | 'text';

type PersonPart = 'first_name' | 'last_name';
type LocaleName = 'en_US' | 'es' | 'vi' | 'zh_CN' | 'ko' | 'ru';

/**
 * A faker locale, loaded when a value is first drawn from it rather than when this module is imported:
 * every process that lists or runs the API checks imports the generators, and most never draw a
 * recipient, or never an unusual one. Synchronous (require() of an ES module, Node ≥ 20.19), because
 * fast-check draws synchronously.
 */
function locale(name: LocaleName): Faker {
  return (createRequire(import.meta.url)(`@faker-js/faker/locale/${name}`) as { faker: Faker }).faker;
}

/** A value worked out on first use, then kept. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Clean list entries only: trimmed, NFC, inside the BMP, not blank. */
function usable(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of values) {
    const value = raw.normalize('NFC');
    if (value === value.trim() && !isBlank(value) && isBmpOnly(value)) out.add(value);
  }
  return [...out];
}

function names(locales: readonly LocaleName[], part: PersonPart): string[] {
  return usable(
    locales.flatMap((name) => {
      const entry = locale(name).rawDefinitions.person?.[part] as Record<string, readonly string[] | undefined> | undefined;
      return Object.values(entry ?? {}).flatMap((list) => list ?? []);
    }),
  );
}

function list(values: unknown, what: string): string[] {
  const out = usable(Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : []);
  if (out.length === 0) throw new Error(`faker has no ${what}`);
  return out;
}

/** Lists of one section of faker's en_US definitions, by our name: { ourName: 'faker_entry' }. */
function usLists<K extends string>(section: 'location' | 'internet' | 'phone_number' | 'word', entries: Record<K, string>): Record<K, string[]> {
  const definitions = locale('en_US').rawDefinitions[section] as Record<string, unknown> | undefined;
  const out = {} as Record<K, string[]>;
  for (const [ours, entry] of Object.entries(entries) as Array<[K, string]>) out[ours] = list(definitions?.[entry], `en_US ${section}.${entry}`);
  return out;
}

const ascii = (value: string) => /^[A-Za-z]+$/.test(value);
const nonAscii = (value: string) => /[^\x20-\x7e]/.test(value);

/** US recipients and addresses: names letters only (names with marks go to the "unusual" pools). */
const US = once(() => {
  const given = names(['en_US'], 'first_name');
  const family = names(['en_US'], 'last_name');
  const location = usLists('location', {
    streetName: 'street_name', streetSuffix: 'street_suffix', buildingNumber: 'building_number', secondary: 'secondary_address',
    city: 'city_name', cityPrefix: 'city_prefix', citySuffix: 'city_suffix', postcode: 'postcode',
  });
  return {
    given: list(given.filter(ascii), 'en_US first names'),
    family: list(family.filter(ascii), 'en_US last names'),
    givenWithMarks: list(given.filter((n) => !ascii(n)), 'en_US first names with marks'),
    familyWithMarks: list(family.filter((n) => !ascii(n)), 'en_US last names with marks'),
    ...location,
    citiesWithPunctuation: location.city.filter((c) => /['’-]/.test(c)),
    // RFC 2606 domains: a server that mails the recipient reaches nobody.
    ...usLists('internet', { emailDomain: 'example_email' }),
    ...usLists('phone_number', { areaCode: 'area_code', exchangeCode: 'exchange_code' }),
    ...usLists('word', { words: 'noun' }),
  };
});

/** Recipients whose names are accented (José, Nguyễn) or not Latin at all (李, 김, Анна). */
const WORLD = once(() => ({
  givenAccented: list(names(['es', 'vi'], 'first_name').filter(nonAscii), 'accented first names'),
  familyAccented: list(names(['es', 'vi'], 'last_name').filter(nonAscii), 'accented last names'),
  givenNonLatin: list(names(['zh_CN', 'ko', 'ru'], 'first_name'), 'non-Latin first names'),
  familyNonLatin: list(names(['zh_CN', 'ko', 'ru'], 'last_name'), 'non-Latin last names'),
}));

// Real US places whose names carry marks faker's city list lacks (all in the 50 states).
const CITIES_WITH_MARKS = ['Cañon City', 'Española', 'La Cañada Flintridge', 'Peñasco', 'Kēōkea', 'Lāʻie'];
const UPPER = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/**
 * Successive choices read out of one integer drawn by fast-check, as the digits of a mixed-radix
 * number: one arbitrary per value instead of one per choice keeps generation within budget, and
 * shrinking the integer towards 0 walks every choice towards the first entry of its list.
 */
export class Draw {
  constructor(private n: number) {}

  index(size: number): number {
    const i = this.n % size;
    this.n = Math.floor(this.n / size);
    return i;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.index(values.length)]!;
  }

  /** `count` decimal digits, zero-padded. */
  digits(count: number): string {
    return String(this.index(10 ** count)).padStart(count, '0');
  }

  /** Fills each '#' of a faker pattern such as 'Apt. ###' with a digit. */
  fill(pattern: string): string {
    let out = '';
    for (const ch of pattern) out += ch === '#' ? String(this.index(10)) : ch;
    return out;
  }
}

/** A value built from one drawn integer. */
export function drawn<T>(build: (draw: Draw) => T): fc.Arbitrary<T> {
  // 53 bits: enough for the five or six choices of an email or a street address.
  return fc.noBias(fc.maxSafeNat()).map((n) => build(new Draw(n)));
}

const givenName = (d: Draw) => d.pick(US().given);
const familyName = (d: Draw) => d.pick(US().family);
/** '0123' is no house number: drop leading zeros. */
const buildingNumber = (d: Draw) => d.fill(d.pick(US().buildingNumber)).replace(/^0+(?=\d)/, '');

const PLAIN: Record<TextKind, fc.Arbitrary<string>> = {
  'given-name': drawn(givenName),
  'family-name': drawn(familyName),
  street: drawn((d) => {
    const number = buildingNumber(d);
    return d.index(3) === 0 ? `${number} ${d.pick(US().streetName)}` : `${number} ${d.index(2) ? givenName(d) : familyName(d)} ${d.pick(US().streetSuffix)}`;
  }),
  secondary: drawn((d) => d.fill(d.pick(US().secondary)).replace(/ 0+(?=\d)/, ' ')),
  city: drawn((d) => (d.index(4) > 0 ? d.pick(US().city) : `${d.pick(US().cityPrefix)} ${familyName(d)}${d.pick(US().citySuffix)}`)),
  'postal-code': drawn((d) => d.fill(d.pick(US().postcode))),
  email: drawn((d) => {
    const given = givenName(d);
    const family = familyName(d);
    const separator = d.pick(['.', '_', '']);
    const domain = d.pick(US().emailDomain);
    const number = d.index(100);
    return `${given}${separator}${family}${number === 0 ? '' : number}@${domain}`.toLowerCase();
  }),
  // NANP: a real area code and exchange, then four digits.
  phone: drawn((d) => `${d.pick(US().areaCode)}${d.pick(US().exchangeCode)}${d.digits(4)}`),
  reference: drawn((d) =>
    d.index(2) === 0
      ? uuidFrom(d.index(0x40000000))
      : documentStyleId(d),
  ),
  text: drawn((d) => Array.from({ length: 1 + d.index(4) }, () => d.pick(US().words)).join(' ')),
};

/** Shaped like the document's example id, ABC-1234-123545663. */
function documentStyleId(d: Draw): string {
  const serial = d.digits(9); // drawn first: the last choices of a Draw get the fewest bits
  return `${d.pick(UPPER)}${d.pick(UPPER)}${d.pick(UPPER)}-${d.digits(4)}-${serial}`;
}

/** A version-4 UUID spread from 30 drawn bits (splitmix32), so ids look random rather than sequential. */
function uuidFrom(seed: number): string {
  let state = seed >>> 0;
  const word = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0).toString(16).padStart(8, '0');
  };
  const hex = word() + word() + word() + word();
  const variant = '89ab'[parseInt(hex[16]!, 16) % 4];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const apostrophe = (d: Draw) => `${d.pick(["O'", "D'", 'O’'])}${familyName(d)}`;
const hyphenated = (d: Draw, part: (d: Draw) => string) => `${part(d)}-${part(d)}`;

/** The edges real people have: apostrophes, hyphens, accents, non-Latin scripts. */
const UNUSUAL: Partial<Record<TextKind, fc.Arbitrary<string>>> = {
  'given-name': drawn((d) => {
    switch (d.index(4)) {
      case 0: return d.pick(WORLD().givenAccented);
      case 1: return d.pick(WORLD().givenNonLatin);
      case 2: return d.pick(US().givenWithMarks);
      default: return hyphenated(d, givenName);
    }
  }),
  'family-name': drawn((d) => {
    switch (d.index(5)) {
      case 0: return apostrophe(d);
      case 1: return d.pick(US().familyWithMarks);
      case 2: return hyphenated(d, familyName);
      case 3: return d.pick(WORLD().familyAccented);
      default: return d.pick(WORLD().familyNonLatin);
    }
  }),
  street: drawn((d) => {
    const number = buildingNumber(d);
    const which = d.index(3);
    const name = which === 0 ? d.pick(WORLD().familyAccented) : which === 1 ? apostrophe(d) : hyphenated(d, familyName);
    return `${number} ${name} ${d.pick(US().streetSuffix)}`;
  }),
  secondary: drawn((d) => `${d.pick(['Apt.', 'Unit', 'Suite', 'Bldg.'])} ${1 + d.index(999)}-${d.pick([...'ABCDEF'])}`),
  city: drawn((d) => (d.index(2) === 0 ? d.pick(US().citiesWithPunctuation) : d.pick(CITIES_WITH_MARKS))),
};

export function plainText(kind: TextKind): fc.Arbitrary<string> {
  return PLAIN[kind];
}

export function unusualText(kind: TextKind): fc.Arbitrary<string> | undefined {
  return UNUSUAL[kind];
}

/** Version-4 UUIDs, what the document recommends for an Idempotency-Key. */
export const uuidV4: fc.Arbitrary<string> = drawn((d) => uuidFrom(d.index(0x40000000)));

/** Text for a wrong-typed recipient object: what a client might send by mistake. */
export const recipientAsText: fc.Arbitrary<string> = drawn((d) => `${givenName(d)} ${familyName(d)}, ${d.pick(US().city)}`);
