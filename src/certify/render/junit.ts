// The card as JUnit XML for CI dashboards: one test case per item; a failed item is a <failure> with
// its evidence and fix, a not-checked or not-applicable one is <skipped> with the reason.
import type { ClientCard } from '../card.ts';

export function renderCardJunit(card: ClientCard): string {
  const failures = card.items.filter((i) => i.status === 'failed').length;
  const errors = card.items.filter((i) => i.status === 'infrastructure-error').length;
  const skipped = card.items.filter((i) => i.status === 'not-checked' || i.status === 'not-applicable').length;
  const seconds = (card.run.durationMs / 1000).toFixed(3);
  const cases = card.items.map((item) => {
    const name = `${item.number}. ${item.title}`;
    const open = `    <testcase classname="client-card" name="${xml(name)}" time="0">`;
    if (item.status === 'failed') {
      const body = [item.summary, ...item.evidence.map((e) => e.text), ...(item.fix ? [`fix: ${item.fix}`] : [])].join('\n');
      return `${open}\n      <failure message="${xml(item.summary)}" type="${xml(item.id)}">${xml(body)}</failure>\n    </testcase>`;
    }
    if (item.status === 'infrastructure-error') return `${open}\n      <error message="${xml(item.summary)}" type="infrastructure"/>\n    </testcase>`;
    if (item.status === 'not-checked' || item.status === 'not-applicable') return `${open}\n      <skipped message="${xml(`${item.status}: ${item.summary}`)}"/>\n    </testcase>`;
    return `${open}\n      <system-out>${xml(item.summary)}</system-out>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(card.title)}" tests="${card.items.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds}">`,
    `  <testsuite name="client-card" tests="${card.items.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds}" timestamp="${xml(card.run.startedAt)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
