// Another plug-in page ("card" markup): the same controls in different structure, titles, texts and
// element ids, as another team's front end would build it. Nothing here may be relied on by a
// harness; it exists so the harness proves it does not rely on the classic page.
import { escapeHtml, type ActivePageModel, type PageAction, type PageMarkup, type PageNotice } from './markup.ts';

const STYLE = `
html,body{margin:0;padding:0}
#ip-root{font:15px/1.5 Georgia,"Times New Roman",serif;color:#222;background:#fafaf7;min-height:100vh;display:flex;align-items:flex-start;justify-content:center}
#ip-card{width:100%;max-width:480px;margin:32px 12px;border:1px solid #ddd;border-radius:4px;background:#fff}
#ip-card header{padding:12px 16px;border-bottom:1px solid #eee;font-variant:small-caps;letter-spacing:1px}
#ip-card .ip-body{padding:16px}
#ip-card h2{font-size:20px;margin:0 0 12px;font-weight:normal}
#ip-card input[type=submit]{display:block;width:100%;margin:6px 0;padding:10px;border:1px solid #2a5d3c;background:#2a5d3c;color:#fff;font:inherit;cursor:pointer}
#ip-card input.ip-quiet{background:#fff;color:#2a5d3c}
#ip-card .ip-alert{border:1px dashed #b36b00;padding:6px 10px;margin:0 0 12px}
#ip-card small{display:block;padding:8px 16px;color:#777;border-top:1px solid #eee}
`;

function page(title: string, state: string, inner: string, small: string): string {
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
    `<body><div id="ip-root" data-session-status="${escapeHtml(state)}"><div id="ip-card">` +
    `<header>ingo money</header><div class="ip-body">${inner}</div><small>${small}</small></div></div></body></html>`
  );
}

function control(model: ActivePageModel, action: PageAction, label: string, quiet: boolean): string {
  return (
    `<form id="ip-${action}" method="post" action="/session/${escapeHtml(model.sessionId)}/actions/${action}${escapeHtml(model.query)}">` +
    `<input type="submit" ${quiet ? 'class="ip-quiet" ' : ''}value="${label}"></form>`
  );
}

const NOTICES: Record<PageNotice, readonly [title: string, text: string]> = {
  expired: ['Session link expired', 'For your security this link only works for a few seconds. Return to the app to get a new one.'],
  invalid: ['Link not recognised', 'We could not verify this link.'],
  'not-found': ['Nothing here', 'We could not find this session.'],
  'method-not-allowed': ['Not allowed', 'This page cannot be used that way.'],
  Completed: ['All done', 'Your payout method is linked. You can close this window.'],
  Canceled: ['Cancelled', 'You cancelled this session. Return to the app to start over.'],
  'Max Attempts Exceeded': ['Too many attempts', 'We could not verify your details and this session is closed.'],
  ended: ['Closed', 'This session is closed.'],
};

export const CARD_MARKUP: PageMarkup = {
  active(model) {
    const name = model.firstNameHtml === '' ? '' : `, ${model.firstNameHtml}`;
    const inner =
      `<h2 id="ip-welcome">Welcome${name}</h2><p>Choose where your payout should go.</p>` +
      (model.notice ? `<p class="ip-alert" role="alert">${escapeHtml(model.notice)}</p>` : '') +
      control(model, 'complete', 'Link a debit card or bank account', false) +
      control(model, 'fail-attempt', 'Test: fail one verification', true) +
      control(model, 'cancel', 'Cancel', true);
    return page('Ingo Money', model.state, inner, `ref ${escapeHtml(model.sessionId)} (${model.failedAttempts}/${model.maxAttempts})`);
  },
  notice(kind, state, _sessionId, detail) {
    const [title, text] = NOTICES[kind];
    return page(`Ingo Money | ${title}`, state, `<h2>${escapeHtml(title)}</h2><p>${escapeHtml(kind === 'method-not-allowed' && detail ? `${text} (${detail})` : text)}</p>`, 'ingo money');
  },
};
