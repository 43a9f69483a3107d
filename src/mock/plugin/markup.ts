// Plug-in stage "plugin-markup": what the page looks like. Markups differ in structure, titles, texts
// and element ids (the document leaves the page's markup open); all of them escape what comes from a
// request, carry no external resources, and keep the same controls.
import type { SessionState } from '../store/sessions.ts';

export type PageAction = 'complete' | 'fail-attempt' | 'cancel';

/** The pages other than the active one. */
export type PageNotice = 'expired' | 'invalid' | 'not-found' | 'method-not-allowed' | 'Completed' | 'Canceled' | 'Max Attempts Exceeded' | 'ended';

export interface ActivePageModel {
  readonly sessionId: string;
  /** Already escaped (unless the unescaped-first-name fault is on). */
  readonly firstNameHtml: string;
  readonly state: SessionState;
  readonly failedAttempts: number;
  readonly maxAttempts: number;
  /** The token's query string, already URL-encoded, with its leading "?". */
  readonly query: string;
  readonly notice?: string;
}

export interface PageMarkup {
  active(model: ActivePageModel): string;
  /** A page that explains a refusal or an ended session; detail is e.g. the allowed methods. */
  notice(kind: PageNotice, state: string, sessionId?: string, detail?: string): string;
}

export interface MarkupSeams {
  markup: PageMarkup;
  /** Fault unescaped-first-name: the first name goes into the page as raw HTML. */
  escapeFirstName: boolean;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
