// The one grammar of x-not-documented (src/contract/not-documented.ts): every phrase becomes a typed
// choice, and a phrase it does not know stops the contract from loading instead of being ignored.
import { expect, test } from '@playwright/test';
import { isNotDocumented } from '../../src/contract/index.ts';
import { readNotDocumented } from '../../src/contract/not-documented.ts';

const choicesOf = (...phrases: string[]) => readNotDocumented({ 'x-not-documented': phrases }, 'a field');

test('each phrase is read into a typed choice, and a value is tested against them', () => {
  expect(choicesOf('DC', 'lower-case codes', 'empty header value', 'fewer than 10 digits')).toEqual([
    { kind: 'code', code: 'DC' },
    { kind: 'lower-case' },
    { kind: 'empty' },
    { kind: 'fewer-digits', digits: 10 },
  ]);
  const phone = (value: string) => isNotDocumented(choicesOf('fewer than 10 digits'), value);
  expect([phone('123456789'), phone(''), phone('1234567890'), phone('123-456')]).toEqual([true, true, false, false]);
  const state = (value: string) => isNotDocumented(choicesOf('DC', 'lower-case codes'), value);
  expect([state('DC'), state('ga'), state('xx'), state('GA'), state('XX')]).toEqual([true, true, true, false, false]);
});

test('a phrase the grammar does not know stops the reader instead of being ignored', () => {
  expect(() => choicesOf('names longer than the moon')).toThrow(/x-not-documented "names longer than the moon" on a field is not understood/);
});
