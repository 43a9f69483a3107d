// Realistic recipient data from faker's locale definitions, picked by fast-check. Picking from the
// lists (rather than seeding a faker instance per value) keeps every choice inside fast-check's
// randomness, so a run replays from its seed and shrinks to the first, plainest entry of each list;
// seeding faker costs ~20 µs a call, which alone would blow the generation budget.
import fc from 'fast-check';
import { faker as enUS } from '@faker-js/faker/locale/en_US';
import { faker as es } from '@faker-js/faker/locale/es';
import { faker as ko } from '@faker-js/faker/locale/ko';
import { faker as ru } from '@faker-js/faker/locale/ru';
import { faker as vi } from '@faker-js/faker/locale/vi';
import { faker as zhCN } from '@faker-js/faker/locale/zh_CN';
import type { Faker } from '@faker-js/faker';
import { isBlank, isBmpOnly } from './text.ts';

/** What kind of realistic content a free-text field holds (chosen by field name in fields.ts). */
export type TextKind = 'given-name' | 'family-name' | 'street' | 'secondary' | 'city' | 'postal-code' | 'email' | 'phone' | 'reference' | 'text';

type PersonPart = 'first_name' | 'last_name';

/** Clean list entries only: trimmed, NFC, inside the BMP, not blank. */
function usable(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of values) {
    const value = raw.normalize('NFC');
    if (value === value.trim() && !isBlank(value) && isBmpOnly(value)) out.add(value);
  }
  return [...out];
}

function names(f: Faker, part: PersonPart): string[] {
  const entry = f.rawDefinitions.person?.[part] as Record<string, readonly string[] | undefined> | undefined;
  return usable(Object.values(entry ?? {}).flatMap((list) => list ?? []));
}

function list(values: unknown, what: string): string[] {
  const out = usable(Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : []);
  if (out.length === 0) throw new Error(`faker has no ${what}`);
  return out;
}

const ascii = (value: string) => /^[A-Za-z]+$/.test(value);
const nonAscii = (value: string) => /[^\x20-\x7e]/.test(value);

const us = enUS.rawDefinitions;
const DATA = {
  // US names, letters only; names with marks go to the "unusual" pools below.
  given: list(names(enUS, 'first_name').filter(ascii), 'en_US first names'),
  family: list(names(enUS, 'last_name').filter(ascii), 'en_US last names'),
  givenWithMarks: list(names(enUS, 'first_name').filter((n) => !ascii(n)), 'en_US first names with marks'),
  familyWithMarks: list(names(enUS, 'last_name').filter((n) => !ascii(n)), 'en_US last names with marks'),
  // Recipients whose names are accented (José, Nguyễn) or not Latin at all (李, 김, Анна).
  givenAccented: list([...names(es, 'first_name'), ...names(vi, 'first_name')].filter(nonAscii), 'accented first names'),
  familyAccented: list([...names(es, 'last_name'), ...names(vi, 'last_name')].filter(nonAscii), 'accented last names'),
  givenNonLatin: list([...names(zhCN, 'first_name'), ...names(ko, 'first_name'), ...names(ru, 'first_name')], 'non-Latin first names'),
  familyNonLatin: list([...names(zhCN, 'last_name'), ...names(ko, 'last_name'), ...names(ru, 'last_name')], 'non-Latin last names'),
  streetName: list(us.location?.street_name, 'en_US street names'),
  streetSuffix: list(us.location?.street_suffix, 'street suffixes'),
  buildingNumber: list(us.location?.building_number, 'building number patterns'),
  secondary: list(us.location?.secondary_address, 'secondary address patterns'),
  city: list(us.location?.city_name, 'en_US city names'),
  cityPrefix: list(us.location?.city_prefix, 'city prefixes'),
  citySuffix: list(us.location?.city_suffix, 'city suffixes'),
  postcode: list(us.location?.postcode, 'postcode patterns'),
  // RFC 2606 domains: a server that mails the recipient reaches nobody.
  emailDomain: list(us.internet?.example_email, 'example email domains'),
  areaCode: list(us.phone_number?.area_code, 'area codes'),
  exchangeCode: list(us.phone_number?.exchange_code, 'exchange codes'),
  words: list(us.word?.noun, 'nouns'),
};

// Real US places whose names carry marks faker's city list lacks (all in the 50 states).
const CITIES_WITH_MARKS = ['Cañon City', 'Española', 'La Cañada Flintridge', 'Peñasco', 'Kēōkea', 'Lāʻie'];
const CITIES_WITH_PUNCTUATION = DATA.city.filter((c) => /['’-]/.test(c));
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

const givenName = (d: Draw) => d.pick(DATA.given);
const familyName = (d: Draw) => d.pick(DATA.family);
/** '0123' is no house number: drop leading zeros. */
const buildingNumber = (d: Draw) => d.fill(d.pick(DATA.buildingNumber)).replace(/^0+(?=\d)/, '');

const PLAIN: Record<TextKind, fc.Arbitrary<string>> = {
  'given-name': drawn(givenName),
  'family-name': drawn(familyName),
  street: drawn((d) => {
    const number = buildingNumber(d);
    return d.index(3) === 0 ? `${number} ${d.pick(DATA.streetName)}` : `${number} ${d.index(2) ? givenName(d) : familyName(d)} ${d.pick(DATA.streetSuffix)}`;
  }),
  secondary: drawn((d) => d.fill(d.pick(DATA.secondary)).replace(/ 0+(?=\d)/, ' ')),
  city: drawn((d) => (d.index(4) > 0 ? d.pick(DATA.city) : `${d.pick(DATA.cityPrefix)} ${familyName(d)}${d.pick(DATA.citySuffix)}`)),
  'postal-code': drawn((d) => d.fill(d.pick(DATA.postcode))),
  email: drawn((d) => {
    const given = givenName(d);
    const family = familyName(d);
    const separator = d.pick(['.', '_', '']);
    const domain = d.pick(DATA.emailDomain);
    const number = d.index(100);
    return `${given}${separator}${family}${number === 0 ? '' : number}@${domain}`.toLowerCase();
  }),
  // NANP: a real area code and exchange, then four digits.
  phone: drawn((d) => `${d.pick(DATA.areaCode)}${d.pick(DATA.exchangeCode)}${d.digits(4)}`),
  reference: drawn((d) =>
    d.index(2) === 0
      ? uuidFrom(d.index(0x40000000))
      : documentStyleId(d),
  ),
  text: drawn((d) => Array.from({ length: 1 + d.index(4) }, () => d.pick(DATA.words)).join(' ')),
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
      case 0: return d.pick(DATA.givenAccented);
      case 1: return d.pick(DATA.givenNonLatin);
      case 2: return d.pick(DATA.givenWithMarks);
      default: return hyphenated(d, givenName);
    }
  }),
  'family-name': drawn((d) => {
    switch (d.index(5)) {
      case 0: return apostrophe(d);
      case 1: return d.pick(DATA.familyWithMarks);
      case 2: return hyphenated(d, familyName);
      case 3: return d.pick(DATA.familyAccented);
      default: return d.pick(DATA.familyNonLatin);
    }
  }),
  street: drawn((d) => {
    const number = buildingNumber(d);
    const which = d.index(3);
    const name = which === 0 ? d.pick(DATA.familyAccented) : which === 1 ? apostrophe(d) : hyphenated(d, familyName);
    return `${number} ${name} ${d.pick(DATA.streetSuffix)}`;
  }),
  secondary: drawn((d) => `${d.pick(['Apt.', 'Unit', 'Suite', 'Bldg.'])} ${1 + d.index(999)}-${d.pick([...'ABCDEF'])}`),
  city: drawn((d) => (d.index(2) === 0 ? d.pick(CITIES_WITH_PUNCTUATION) : d.pick(CITIES_WITH_MARKS))),
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
export const recipientAsText: fc.Arbitrary<string> = drawn((d) => `${givenName(d)} ${familyName(d)}, ${d.pick(DATA.city)}`);
