/**
 * The ops of a held-back set, planned again on request (planApproval without applying): the
 * operator sees exactly what Approve would do. Reads the target's sources; writes nothing.
 */
import { planApproval } from '../../../engine/approve.js';
import { BillsyncError } from '../../../model/errors.js';
import { entityChanges } from '../../../report/entity-changes.js';
import { scopeRuntime } from '../../scoped-runtime.js';
import type { Page } from '../context.js';
import { attrValue, plural } from '../format.js';
import { href, html } from '../html.js';
import { notice } from '../layout.js';
import { entityLink } from '../op-view.js';
import { notFound } from './not-found.js';

const SHOWN = 500;

export const heldPreviewPage: Page = async (deps, req) => {
  const target = req.url.searchParams.get('target') ?? '';
  const hash = req.url.searchParams.get('hash') ?? '';
  if (!deps.rt.targets.has(target)) return notFound(`No target '${target}' in this daemon.`);
  let planned: Awaited<ReturnType<typeof planApproval>>;
  try {
    planned = await planApproval(scopeRuntime(deps.rt, target, deps.logger.child({ console: 'preview', target })), target, hash);
  } catch (err) {
    if (!(err instanceof BillsyncError)) throw err;
    return { status: 409, title: 'Preview', body: html`<h1>Held back on ${target}</h1>${notice('bad', html`${err.message}${err.fix ? html`<br><span class="dim">${err.fix}</span>` : ''}`)}<p><a href="/ui/held">Back to held-back changes</a></p>` };
  }
  const changes = entityChanges(planned.plan.ops, deps.rt.kinds);
  const show = (kind: string, attr: string, v: Parameters<typeof attrValue>[4]) => attrValue(deps.rt.kinds, target, kind, attr, v);
  const body = html`<h1>Held back on ${target}: preview</h1>
<p>Approving the set <span class="mono">${hash}</span> would apply ${plural(planned.plan.ops.length, 'op')} on ${plural(changes.length, 'entity', 'entities')}:</p>
<table><thead><tr><th></th><th>kind</th><th>key</th><th>from</th><th>change</th></tr></thead><tbody>
${changes.slice(0, SHOWN).map((c) => html`<tr><td class="mono">${c.mark}${c.label ? ` ${c.label}` : ''}</td><td>${c.kind}</td><td>${entityLink(target, c.kind, c.key)}</td><td>${c.origin ? `${c.origin.source}:${c.origin.id}` : ''}</td>
<td class="detail">${c.attrs.map((a) => html`<span class="chg">${a.attr}: ${show(c.kind, a.attr, a.before)} → ${show(c.kind, a.attr, a.after)}</span>`)}${Object.entries(c.removed).map(([s, m]) => html`<span class="chg del">−${s} ${m.join(', ')}</span>`)}${Object.entries(c.added).map(([s, m]) => html`<span class="chg add">+${s} ${m.join(', ')}</span>`)}</td></tr>`)}
</tbody></table>
${changes.length > SHOWN ? html`<p class="dim">… and ${changes.length - SHOWN} more entities (billsync plan shows them all).</p>` : ''}
<p><a href="${href('/ui/held')}#held-${target}">Back to approve</a></p>`;
  return { title: `Preview ${target}`, body };
};
