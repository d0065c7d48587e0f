/** The frame around every console page: navigation, subscriber search, who is logged in. */
import type { Session } from './sessions.js';
import { href, html, type Html } from './html.js';

export interface LayoutOptions {
  readonly title: string;
  readonly path: string;
  readonly session: Session | null;
  /** Whether logins are possible at all (daemon.token set). */
  readonly canLogin: boolean;
  /** Held-back ops over all targets (shown in the navigation). */
  readonly heldOps: number;
}

const NAV: readonly (readonly [string, string])[] = [
  ['/ui/', 'Overview'],
  ['/ui/runs', 'Runs'],
  ['/ui/held', 'Held back'],
  ['/ui/subscriber', 'Subscriber'],
  ['/ui/drift', 'Drift'],
];

export function layout(o: LayoutOptions, body: Html): Html {
  const nav = NAV.map(([path, label]) => {
    const active = o.path === path || (path !== '/ui/' && o.path.startsWith(path));
    const count = path === '/ui/held' && o.heldOps > 0 ? html` <span class="badge b-held">${o.heldOps}</span>` : '';
    return html`<a href="${path}"${active ? html` class="active"` : ''}>${label}${count}</a>`;
  });
  const who = o.session
    ? html`<span class="who">${o.session.who} <form class="inline" method="post" action="/ui/logout"><input type="hidden" name="csrf" value="${o.session.csrf}"><button class="secondary" type="submit">Log out</button></form></span>`
    : o.canLogin && o.path !== '/ui/login'
      ? html`<span class="who"><a href="${href('/ui/login', { next: o.path })}">Log in</a></span>`
      : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · billsync</title><link rel="stylesheet" href="/ui/assets/console.css"></head>
<body><header class="top"><a class="brand" href="/ui/">billsync</a><nav>${nav.map((n) => html`${n} `)}</nav>
<form class="search" method="get" action="/ui/subscriber"><input type="search" name="q" placeholder="source id, account, username, key" aria-label="find a subscriber"><button type="submit">Find</button></form>
${who}</header>
<main>${body}</main></body></html>`;
}

/** A message box: `good`, `bad`, `warn` or neutral. */
export function notice(kind: 'good' | 'bad' | 'warn' | '', content: Html | string): Html {
  return html`<div class="notice ${kind}">${content}</div>`;
}

/** The hidden field every action form carries. */
export function csrfField(session: Session): Html {
  return html`<input type="hidden" name="csrf" value="${session.csrf}">`;
}
