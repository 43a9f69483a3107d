// The words a report uses, once: label, colour and meaning of each status, shared by the HTML report,
// the certificate, the trend page and the terminal summary so a person meets one vocabulary.
import type { RequirementStatus } from './model.ts';

export interface StatusInfo {
  readonly label: string;
  readonly color: string;
  readonly background: string;
  /** A brighter colour for charts, where a small square must still read as its status. */
  readonly chart: string;
  /** For the terminal. */
  readonly symbol: string;
  readonly meaning: string;
}

export const STATUS_ORDER: readonly RequirementStatus[] = ['failed', 'infrastructure-error', 'not-checked', 'not-applicable', 'passed', 'observed', 'not-observed'];

export const STATUSES: Readonly<Record<RequirementStatus, StatusInfo>> = {
  passed: {
    label: 'Passed',
    color: '#0f5132',
    background: '#d1e7dd',
    chart: '#2e9d5b',
    symbol: '✔',
    meaning: 'Every check of this rule ran against the server and the server behaved as the API document says. At least one check ran.',
  },
  failed: {
    label: 'Failed',
    color: '#842029',
    background: '#f8d7da',
    chart: '#d63343',
    symbol: '✘',
    meaning: 'At least one check saw the server break a documented rule. The evidence (request and response, with personal data masked) and the commands to reproduce it are shown with the rule.',
  },
  'infrastructure-error': {
    label: 'Infrastructure error',
    color: '#7a4100',
    background: '#ffe5b4',
    chart: '#f0a030',
    symbol: '⚠',
    meaning: 'The harness could not talk to the server (connection refused, name not found, timeout). This says nothing about conformance: fix the network or the target and run again.',
  },
  'not-checked': {
    label: 'Not checked',
    color: '#41464b',
    background: '#e2e3e5',
    chart: '#adb5bd',
    symbol: '○',
    meaning: 'No check decided this rule in this run: the run was narrowed, or the check cannot run against this target (the reason is given). It is not a pass.',
  },
  'not-applicable': {
    label: 'Not applicable',
    color: '#1f3a5f',
    background: '#dbe4f0',
    chart: '#6c8ebf',
    symbol: '–',
    meaning: "The rule does not apply to this participant's configuration (the reason is given), e.g. the PayPal email rule for a participant that is not PayPal-enabled.",
  },
  observed: {
    label: 'Observed',
    color: '#084298',
    background: '#cfe2ff',
    chart: '#3d7be0',
    symbol: '◉',
    meaning: 'Behaviour the API document does not specify. The harness records what the server did and never passes or fails it.',
  },
  'not-observed': {
    label: 'Not observed',
    color: '#495057',
    background: '#f1f3f5',
    chart: '#dee2e6',
    symbol: '·',
    meaning: 'An undocumented behaviour the harness would have recorded, but its check did not run or recorded nothing (the reason is given).',
  },
};

export const GLOSSARY: ReadonlyArray<{ term: string; meaning: string }> = [
  { term: 'Requirement', meaning: 'One statement from the contract (openapi/session-management.yaml, which transcribes Ingo’s API document), with a stable id such as SM-VAL-STATE.' },
  { term: 'Rule', meaning: 'A requirement the API document states; a conforming server must follow it, so it passes or fails.' },
  { term: 'Observation', meaning: 'A behaviour the document leaves open (ids starting OBS-); recorded, never judged.' },
  { term: 'Check', meaning: 'One automated test. A rule usually has several; they are tagged with the rule’s id.' },
  { term: 'Seed', meaning: 'The number that fixes every randomly generated input. The same seed against the same server sends the same requests, so a failure can be reproduced.' },
  { term: 'Contract drift', meaning: 'A field in a live response that the contract does not declare, or a declared field with another type: not a failure, but a sign the server changed.' },
  { term: 'Masked value', meaning: 'Personal data in evidence is replaced: “J***[4]” is a 4-character value starting with J. The HMAC secret never appears anywhere.' },
];
