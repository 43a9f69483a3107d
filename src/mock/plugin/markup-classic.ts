// Today's plug-in page ("classic" markup): a small IngoPay-branded page with inline CSS and no
// external resources (the CSP allows nothing else). Everything that comes from a request is escaped.
import { escapeHtml, type ActivePageModel, type PageAction, type PageMarkup, type PageNotice } from './markup.ts';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;background:#eef2f7;color:#14213d}
main{max-width:440px;margin:24px auto;background:#fff;border-radius:14px;box-shadow:0 6px 24px rgba(20,33,61,.12);overflow:hidden}
.brand{background:#0b3c68;color:#fff;padding:14px 20px;font-size:20px;letter-spacing:.3px}
.brand b{color:#3ddc97}
.content{padding:20px}
h1{font-size:22px;margin:0 0 8px}
p{margin:0 0 14px}
button{font:inherit;border:0;border-radius:8px;padding:11px 16px;cursor:pointer;width:100%}
.primary{background:#3ddc97;color:#0b3c68;font-weight:600}
.secondary{background:#e3e9f2;color:#14213d;margin-top:8px}
.notice{background:#fff4d6;border-left:4px solid #f2b400;padding:8px 12px;border-radius:6px}
.sim{margin-top:18px;padding-top:12px;border-top:1px dashed #c7d1e0;font-size:14px}
.sim h2{font-size:14px;margin:0 0 6px;color:#5a6b85;text-transform:uppercase;letter-spacing:.6px}
footer{padding:10px 20px;background:#f6f8fb;color:#5a6b85;font-size:12px}
`;

function shell(title: string, state: string, inner: string, footer: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
    `<body data-state="${escapeHtml(state)}"><main>` +
    `<div class="brand">Ingo<b>Pay</b></div><div class="content">${inner}</div>` +
    `<footer>${footer}</footer></main></body></html>`
  );
}

function actionForm(model: ActivePageModel, action: PageAction, label: string, cls: string): string {
  return `<form method="post" action="/session/${escapeHtml(model.sessionId)}/actions/${action}${escapeHtml(model.query)}"><button class="${cls}" type="submit" name="action" value="${action}">${label}</button></form>`;
}

function activePage(model: ActivePageModel): string {
  const greeting = model.firstNameHtml === '' ? 'Hi there' : `Hi ${model.firstNameHtml}`;
  const inner =
    `<h1>${greeting},</h1><p>Add an account to receive your money.</p>` +
    (model.notice ? `<p class="notice" role="status">${escapeHtml(model.notice)}</p>` : '') +
    actionForm(model, 'complete', 'Add account', 'primary') +
    `<section class="sim" aria-label="Simulator controls"><h2>Simulator controls</h2>` +
    actionForm(model, 'fail-attempt', 'Simulate a failed verification attempt', 'secondary') +
    actionForm(model, 'cancel', 'Cancel session', 'secondary') +
    `</section>`;
  const footer = `Session ${escapeHtml(model.sessionId)} · ${escapeHtml(model.state)} · failed attempts ${model.failedAttempts} of ${model.maxAttempts}`;
  return shell('IngoPay', model.state, inner, footer);
}

function messagePage(title: string, text: string, state: string, sessionId?: string): string {
  return shell(`IngoPay - ${title}`, state, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`, sessionId ? `Session ${escapeHtml(sessionId)} · ${escapeHtml(state)}` : 'IngoPay');
}

const NOTICES: Record<PageNotice, readonly [title: string, text: string]> = {
  expired: ['This link has expired', 'Authorized links can be used for a short time only. Please start again from the app.'],
  invalid: ['This link is not valid', 'The link is incomplete or has been altered.'],
  'not-found': ['Session not found', 'This session does not exist or has ended.'],
  'method-not-allowed': ['Method not allowed', 'Use the page as it was opened.'],
  Completed: ['Account added', 'Your account was added. This session is complete and cannot be opened again.'],
  Canceled: ['Session canceled', 'This session was canceled. Start again from the app to create a new one.'],
  'Max Attempts Exceeded': ['Maximum attempts exceeded', 'Verification failed too many times. This session has been terminated.'],
  ended: ['Session ended', 'This session has ended.'],
};

export const CLASSIC_MARKUP: PageMarkup = {
  active: activePage,
  notice(kind, state, sessionId, detail) {
    const [title, text] = NOTICES[kind];
    // A terminal page names the session and its state; a refusal says only what went wrong.
    const terminal = kind !== 'expired' && kind !== 'invalid' && kind !== 'not-found' && kind !== 'method-not-allowed';
    return messagePage(title, kind === 'method-not-allowed' && detail ? `Use ${detail}.` : text, state, terminal ? sessionId : undefined);
  },
};
