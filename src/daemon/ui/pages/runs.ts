/** Runs: the history, newest first, paged by run id; each with duration, targets and counts. */
import type { Page } from '../context.js';
import { badge, duration, timeCell } from '../format.js';
import { href, html } from '../html.js';

export const PAGE_RUNS = 50;

const COUNT_COLUMNS = ['total', 'succeeded', 'failed', 'not_run', 'held_back'] as const;

export const runsPage: Page = async (deps, req) => {
  const now = deps.now();
  const before = req.url.searchParams.get('before') ?? undefined;
  const rows = await deps.rt.store.listRuns(PAGE_RUNS + 1, before);
  const runs = rows.slice(0, PAGE_RUNS);
  const targets = await deps.rt.store.runTargets(runs.map((r) => r.id));
  // Failures by reason, for the runs that had any (each an index-only read).
  const failures = await Promise.all(runs.map((r) => ((r.counts.failed ?? 0) > 0 || r.status === 'failed' || r.status === 'partial' ? deps.rt.store.failureGroups(r.id, 3) : Promise.resolve([]))));
  const more = rows.length > PAGE_RUNS;
  const table = runs.length === 0
    ? html`<p class="dim">${before ? 'No older runs.' : 'No runs yet: a run is recorded when a reconcile applies something.'}</p>`
    : html`<table><thead><tr><th>run</th><th>mode</th><th>status</th><th>started</th><th class="num">duration</th><th>targets</th>${COUNT_COLUMNS.map((c) => html`<th class="num">${c.replace('_', ' ')}</th>`)}<th>failures by reason</th></tr></thead>
<tbody>${runs.map((r, i) => html`<tr>
<td><a class="mono" href="${href('/ui/run', { id: r.id })}">${r.id}</a></td><td>${r.mode}</td><td>${badge(r.status)}</td>
<td class="at">${timeCell(r.startedAt, now)}</td><td class="num">${duration(r.startedAt, r.finishedAt)}</td>
<td>${Object.entries(targets.get(r.id) ?? {}).map(([t, n]) => html`${t} <span class="dim">(${n})</span> `)}</td>
${COUNT_COLUMNS.map((c) => html`<td class="num">${r.counts[c] ?? ''}</td>`)}
<td>${failures[i]!.map((f) => html`<div class="err">${f.count}× ${f.reason}</div>`)}</td></tr>`)}</tbody></table>`;
  const pager = html`<div class="pager">${before ? html`<a href="/ui/runs">« newest</a>` : ''}${more ? html`<a href="${href('/ui/runs', { before: runs[runs.length - 1]!.id })}">older runs »</a>` : ''}</div>`;
  return { title: 'Runs', body: html`<h1>Runs</h1>${table}${pager}` };
};
