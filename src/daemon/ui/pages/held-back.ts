/**
 * Held back: per target, the destructive changes the safety gates keep waiting — why, how
 * many, since when, and the hash — with an Approve button that applies exactly that set.
 */
import type { HeldBackRecord } from '../../../store/store.js';
import type { Session } from '../sessions.js';
import type { Page } from '../context.js';
import { plural, timeCell } from '../format.js';
import { href, html, type Html } from '../html.js';
import { csrfField, notice } from '../layout.js';

export const heldBackPage: Page = async (deps, req) => {
  const now = deps.now();
  const held = await deps.rt.store.listHeldBack();
  const body = held.length === 0
    ? html`<h1>Held back</h1>${notice('good', 'Nothing is held back: no target has destructive changes waiting for approval.')}`
    : html`<h1>Held back</h1><p class="dim">The safety gates hold these changes back until someone who checked them approves. Approving applies exactly the set with the hash shown; if it changed since, nothing is applied and the new set is shown.</p>
${held.map((h) => card(h, req.session, deps.token !== undefined, now))}`;
  return { title: 'Held back', body };
};

function card(h: HeldBackRecord, session: Session | null, canLogin: boolean, now: Date): Html {
  const action = session
    ? html`<form method="post" action="/ui/approve">${csrfField(session)}<input type="hidden" name="target" value="${h.target}"><input type="hidden" name="hash" value="${h.hash}"><button class="danger" type="submit">Approve ${plural(h.ops, 'op')} on ${h.target}</button></form>`
    : canLogin
      ? html`<p><a href="${href('/ui/login', { next: '/ui/held' })}">Log in with the daemon token</a> to approve.</p>`
      : html`<p class="dim">Approving needs daemon.token configured (or run <code>billsync approve ${h.target} --hash ${h.hash}</code>).</p>`;
  return html`<section class="card" id="held-${h.target}">
<h2>${h.target} <span class="badge b-held">${plural(h.ops, 'op')}</span></h2>
<ul>${h.reasons.map((r) => html`<li><span class="badge">${r.rule}</span> ${r.message} <span class="dim">(${plural(r.ops, 'op')})</span></li>`)}</ul>
<dl class="facts"><dt>hash</dt><dd class="mono">${h.hash}</dd><dt>since</dt><dd>${timeCell(h.since, now)}</dd><dt>last seen</dt><dd>${timeCell(h.updatedAt, now)}</dd></dl>
<p><a href="${href('/ui/held/preview', { target: h.target, hash: h.hash })}">Preview the ops</a> <span class="dim">(plans the target again: reads its sources)</span></p>
${action}
<p class="dim">Same as <code>billsync approve ${h.target} --hash ${h.hash}</code>.</p>
</section>`;
}
