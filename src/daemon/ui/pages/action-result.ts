/** What an action (approve, sync now) did, or why it was refused. */
import type { ApproveOutcome } from '../../target-worker.js';
import type { TriggerResult } from '../../trigger.js';
import type { PageResult } from '../context.js';
import { plural } from '../format.js';
import { href, html, type Html } from '../html.js';
import { notice } from '../layout.js';

export function refusedPage(status: number, title: string, message: string | Html, back = '/ui/'): PageResult {
  return { status, title, body: html`<h1>${title}</h1>${notice('bad', message)}<p><a href="${back}">Back</a></p>` };
}

export function approvedPage(o: ApproveOutcome): PageResult {
  const head = o.ops === 0
    ? notice('good', `Nothing is held back on ${o.target} any more; nothing was applied.`)
    : notice(o.failed === 0 && o.succeeded === o.ops ? 'good' : 'warn', html`Applied ${o.succeeded} of ${plural(o.ops, 'op')} on ${o.target} (set <span class="mono">${o.hash}</span>)${o.failed ? `; ${o.failed} failed` : ''}${o.ops - o.succeeded - o.failed > 0 ? `; ${o.ops - o.succeeded - o.failed} not run` : ''}.`);
  return {
    title: `Approved on ${o.target}`,
    body: html`<h1>Approve ${o.target}</h1>${head}
<p>${o.runId ? html`<a href="${href('/ui/run', { id: o.runId })}">Open run ${o.runId}</a>${o.failed ? ' (its failures by reason)' : ''} · ` : ''}<a href="/ui/held">Held back</a> · <a href="/ui/">Overview</a></p>`,
  };
}

export function syncedPage(source: string, id: string, r: TriggerResult | { queued: string }): PageResult {
  const back = html`<p><a href="${href('/ui/subscriber', { q: `${source}:${id}` })}">Back to ${source}:${id}</a></p>`;
  if ('queued' in r) return { status: 202, title: 'Sync queued', body: html`<h1>Sync ${source}:${id}</h1>${notice('warn', r.queued)}${back}` };
  const rows = r.targets.map((t) =>
    'runId' in t
      ? html`<li>${t.target}: <span class="badge b-${t.status}">${t.status}</span> ${plural(t.ops, 'op')}${t.runId ? html` — <a href="${href('/ui/run', { id: t.runId })}">run</a>` : ''}${t.failed.map((f) => html`<div class="err">${f.type} ${f.kind} ${f.key}: ${f.reason}</div>`)}</li>`
      : html`<li>${t.target}: <span class="badge b-${t.status}">${t.status}</span> ${t.reason}</li>`,
  );
  return {
    title: `Synced ${source}:${id}`,
    body: html`<h1>Sync ${source}:${id}</h1>${notice(r.status === 'ok' ? 'good' : 'warn', `Finished: ${r.status}.`)}<ul>${rows}</ul>${back}`,
  };
}
