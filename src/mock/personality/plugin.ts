// The plug-in page: its origin, its markup, how an expired URL is answered, the token's form.
import { on } from '../core/seams.ts';
import { CARD_MARKUP } from '../plugin/markup-card.ts';
import { choice, value } from './choice.ts';

export const PLUGIN_CHOICES = [
  choice('plugin-origin', 'the origin of the plug-in page (authorized_url)', [
    value('api', "the API's origin"),
    value('separate', 'another origin: a second listener (localhost vs 127.0.0.1, another port)', on('transport', (s) => void (s.pluginOrigin = 'separate'))),
  ]),
  choice('plugin-markup', "the plug-in page's markup and wording", [
    value('classic', "today's page"),
    value('card', 'different markup, titles, texts and element ids', on('plugin-markup', (s) => void (s.markup = CARD_MARKUP))),
  ]),
  choice('expired-url', 'what an expired authorized_url answers', [
    value('410', '410 Gone, an "expired" page'),
    value('403', '403 Forbidden, an "expired" page', on('plugin-expiry', (s) => void (s.expiredAnswer = 'forbidden-403'))),
    value('404', '404 Not Found', on('plugin-expiry', (s) => void (s.expiredAnswer = 'not-found-404'))),
    value(
      '200-with-text',
      'HTTP 200 with an "expired" page (an integrator configures its text: INGO_PLUGIN_EXPIRED_TEXT)',
      on('plugin-expiry', (s) => void (s.expiredAnswer = 'ok-with-text')),
    ),
  ]),
  choice('url-token', 'the form of the authorized_url token', [
    value('t-h', '?t=<ticks>&h=<mac>'),
    value('opaque', 'one opaque ?token=<ticks>.<mac>', on('plugin-token', (s) => void (s.form = 'opaque'))),
  ]),
];
