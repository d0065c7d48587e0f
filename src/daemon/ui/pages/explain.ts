/**
 * Explain one entity (`billsync explain` in the browser): the subscriber it comes from, the
 * mapping's filter, and per attribute the desired value, the snapshot value and — on request —
 * the live value, with the mapping rule and its file:line. Secrets show as `[secret]`.
 */
import { explainEntity, type EntityExplanation } from '../../../engine/explain-entity.js';
import type { Page } from '../context.js';
import { attrValue } from '../format.js';
import { href, html, type Html } from '../html.js';
import { notice } from '../layout.js';
import { opsTable } from '../op-view.js';
import { notFound } from './not-found.js';
import { syncForm } from './subscriber.js';
import { isSecretAttr, type KindsByTarget } from '../../../report/entity-changes.js';
import { REDACTED } from '../../../model/redaction.js';

export const explainPage: Page = async (deps, req) => {
  const p = req.url.searchParams;
  const target = p.get('target') ?? '';
  const kind = p.get('kind') ?? '';
  const key = p.get('key') ?? '';
  const live = p.get('live') === '1';
  if (!deps.rt.targets.has(target)) return notFound(`No target '${target}' in this daemon.`);
  if (!(deps.rt.kinds[target] ?? []).some((k) => k.kind === kind)) return notFound(`Target ${target} has no kind '${kind}'.`);
  const x = await explainEntity(deps.rt, target, kind, key, { refresh: live });
  const ops = await deps.rt.store.entityOps([{ target, kind, key }], 20);
  const sub = x.subscriber;
  const origin = sub ? { source: sub.source, id: sub.id } : x.snapshot?.origin;
  const body = html`<h1>${target} ${kind} <span class="mono">${key}</span></h1>
${sub ? html`<p>From <a href="${href('/ui/subscriber', { q: `${sub.source}:${sub.id}` })}">${sub.source}:${sub.id}</a> — ${sub.name.full}, status <span class="badge">${sub.status}</span>${sub.account ? html`, account <span class="mono">${sub.account}</span>` : ''}</p>` : notice('warn', `No subscriber in the sources maps to this entity${x.snapshot ? ' (it is in the snapshot: the next reconcile would delete it)' : ''}.`)}
${mappingBlock(x)}
${fieldTable(x, deps.rt.kinds)}
<p>${x.snapshot ? html`Remote id <span class="mono">${x.snapshot.remoteId ?? '—'}</span>. ` : html`Not in the snapshot. `}${live ? html`${x.live === null ? 'The target does not have it. ' : ''}${x.unobservable !== undefined ? `Not read live: ${x.unobservable}. ` : ''}<a href="${href('/ui/explain', { target, kind, key })}">hide live</a>` : html`<a href="${href('/ui/explain', { target, kind, key, live: 1 })}">Read the live value from ${target}</a>`}</p>
${origin ? syncForm(deps, origin.source, origin.id, req.session) : ''}
<h2>Recent ops</h2>${opsTable(ops, deps.rt.kinds, deps.now(), { withRun: true })}`;
  return { title: `${target} ${kind} ${key}`, body };
};

function mappingBlock(x: EntityExplanation): Html {
  const m = x.mapping;
  if (!m) return html``;
  const result = m.result.kind === 'skipped' ? notice('bad', `Skipped: ${m.result.reason}`) : m.result.kind === 'out_of_scope' ? notice('warn', 'Out of scope for this target (a filter failed).') : '';
  return html`<p>Mapping <code>${m.file}</code></p>
${m.filter.length ? html`<ul>${m.filter.map((c) => html`<li>filter ${c.passed ? html`<span class="badge b-ok">passed</span>` : html`<span class="badge b-failed">failed</span>`} <code>${c.condition}</code> (value <code>${JSON.stringify(c.value) ?? 'undefined'}</code>) <span class="dim">${c.position.file}:${c.position.line}</span></li>`)}</ul>` : ''}
${result}`;
}

function fieldTable(x: EntityExplanation, kinds: KindsByTarget): Html {
  const rules = new Map<string, { rule: string; where: string }>();
  for (const v of x.mapping?.values ?? []) {
    if (v.entity !== x.kind) continue;
    // A secret attribute's rule is shown only as a template: a literal rule is the secret itself.
    const secret = v.field.startsWith('attrs.') && isSecretAttr(kinds, x.target, x.kind, v.field.slice(6)) && !v.rule.includes('{{');
    rules.set(v.field, { rule: secret ? REDACTED : v.rule, where: `${v.position.file}:${v.position.line}` });
  }
  const withLive = x.live !== undefined;
  const show = (attr: string, v: Parameters<typeof attrValue>[4]) => attrValue(kinds, x.target, x.kind, attr, v);
  const attrs = [...new Set([...Object.keys(x.desired?.attrs ?? {}), ...Object.keys(x.snapshot?.attrs ?? {}), ...Object.keys(x.live?.attrs ?? {})])];
  const sets = [...new Set([...Object.keys(x.desired?.sets ?? {}), ...Object.keys(x.snapshot?.sets ?? {}), ...Object.keys(x.live?.sets ?? {})])];
  const list = (v: readonly string[] | undefined) => (v === undefined ? '—' : `[${v.join(', ')}]`);
  const row = (name: string, cells: string[], field: string) => {
    const r = rules.get(field);
    const differs = cells[0] !== cells[1] && cells[0] !== '—';
    return html`<tr${differs ? html` class="differs"` : ''}><td>${name}</td>${cells.map((c) => html`<td>${c}</td>`)}<td><code>${r?.rule ?? ''}</code></td><td class="dim mono">${r?.where ?? ''}</td></tr>`;
  };
  return html`<table><thead><tr><th>field</th><th>desired</th><th>snapshot</th>${withLive ? html`<th>live</th>` : ''}<th>rule</th><th>where</th></tr></thead><tbody>
${attrs.map((a) => row(a, [show(a, x.desired?.attrs[a]), show(a, x.snapshot?.attrs[a]), ...(withLive ? [show(a, x.live?.attrs[a])] : [])], `attrs.${a}`))}
${sets.map((s) => row(s, [list(x.desired?.sets[s]), list(x.snapshot?.sets[s]), ...(withLive ? [list(x.live?.sets[s])] : [])], `sets.${s}`))}
</tbody></table>`;
}
