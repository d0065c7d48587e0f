/** How the console shows ops: a one-line detail per op, and a table of op-log rows. Pure. */
import type { AttrValue } from '../../model/entity.js';
import type { Op } from '../../model/op.js';
import { entityChanges, type KindsByTarget } from '../../report/entity-changes.js';
import type { OpLogRecord } from '../../store/store.js';
import { badge, timeCell } from './format.js';
import { href, html, type Html } from './html.js';

const show = (v: AttrValue | undefined): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** What an op changes, secrets as `[secret]` (entityChanges redacts by the target's kinds). */
export function opDetail(op: Op, kinds: KindsByTarget): Html {
  const c = entityChanges([op], kinds)[0];
  if (!c) return html``;
  const parts: Html[] = [];
  for (const a of c.attrs.slice(0, 12)) {
    parts.push(a.before === undefined ? html`<span class="chg">${a.attr}=${show(a.after)}</span>` : html`<span class="chg">${a.attr}: ${show(a.before)} → ${show(a.after)}</span>`);
  }
  if (c.attrs.length > 12) parts.push(html`<span class="dim">… ${c.attrs.length - 12} more</span>`);
  for (const [set, m] of Object.entries(c.added)) parts.push(html`<span class="chg add">+${set} ${m.join(', ')}</span>`);
  for (const [set, m] of Object.entries(c.removed)) parts.push(html`<span class="chg del">−${set} ${m.join(', ')}</span>`);
  return html`${parts}`;
}

/** A link to an entity's explain page. */
export function entityLink(target: string, kind: string, key: string): Html {
  return html`<a href="${href('/ui/explain', { target, kind, key })}">${key}</a>`;
}

/** Op-log rows as a table; `withRun` adds a column linking each row's run. */
export function opsTable(ops: readonly OpLogRecord[], kinds: KindsByTarget, now: Date, opts: { withRun?: boolean } = {}): Html {
  if (ops.length === 0) return html`<p class="dim">No ops.</p>`;
  return html`<table class="ops">
<thead><tr>${opts.withRun ? html`<th>run</th>` : html`<th>#</th>`}<th>target</th><th>kind</th><th>key</th><th>op</th><th>result</th><th>change</th><th>at</th></tr></thead>
<tbody>${ops.map(
    (o) => html`<tr id="op-${o.seq}">
${opts.withRun ? html`<td><a href="${href('/ui/run', { id: o.runId })}">${o.runId}</a></td>` : html`<td class="num">${o.seq}</td>`}
<td>${o.target}</td><td>${o.kind}</td><td>${entityLink(o.target, o.kind, o.key)}</td><td>${o.op.type}</td>
<td>${badge(o.status)}${o.attempts > 1 ? html` <span class="dim">×${o.attempts}</span>` : ''}${o.error ? html`<div class="err">${o.error}</div>` : ''}</td>
<td class="detail">${opDetail(o.op, kinds)}</td><td class="at">${timeCell(o.at, now)}</td></tr>`,
  )}</tbody></table>`;
}
