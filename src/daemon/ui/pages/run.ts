/** One run: its summary, failures grouped by reason, and its ops (paged, searchable by key). */
import type { Page } from '../context.js';
import { badge, duration, timeCell } from '../format.js';
import { href, html } from '../html.js';
import { opsTable } from '../op-view.js';
import { notFound } from './not-found.js';

export const PAGE_OPS = 100;

export const runPage: Page = async (deps, req) => {
  const now = deps.now();
  const id = req.url.searchParams.get('id') ?? '';
  const run = await deps.rt.store.getRun(id);
  if (!run) return notFound(`No run ${id} in the store.`);
  const key = req.url.searchParams.get('key')?.trim() || undefined;
  const afterText = req.url.searchParams.get('after');
  const after = afterText !== null && /^\d+$/.test(afterText) ? Number(afterText) : undefined;
  const rows = await deps.rt.store.listOpsPage(run.id, { limit: PAGE_OPS + 1, ...(key !== undefined ? { key } : {}), ...(after !== undefined ? { afterSeq: after } : {}) });
  const ops = rows.slice(0, PAGE_OPS);
  const failures = await deps.rt.store.failureGroups(run.id, 50);
  const counts = Object.entries(run.counts);
  const body = html`<h1>Run <span class="mono">${run.id}</span> ${badge(run.status)}</h1>
<dl class="facts"><dt>mode</dt><dd>${run.mode}</dd><dt>started</dt><dd>${timeCell(run.startedAt, now)}</dd>
<dt>finished</dt><dd>${timeCell(run.finishedAt, now)} <span class="dim">(${duration(run.startedAt, run.finishedAt)})</span></dd>
<dt>counts</dt><dd>${counts.length ? counts.map(([k, v]) => html`${k.replace('_', ' ')} ${v} · `) : '—'}</dd>
${run.owner ? html`<dt>process</dt><dd class="mono">${run.owner}</dd>` : ''}</dl>
<h2>Failures by reason</h2>
${failures.length === 0 ? html`<p class="dim">None.</p>` : html`<table><thead><tr><th class="num">ops</th><th>result</th><th>reason</th><th></th></tr></thead><tbody>${failures.map((f) => html`<tr><td class="num">${f.count}</td><td>${badge(f.status)}</td><td class="err">${f.reason}</td><td><a href="${href('/ui/run', { id: run.id, after: f.firstSeq - 1 })}#op-${f.firstSeq}">first</a></td></tr>`)}</tbody></table>`}
<h2>Ops${key ? html` for key <span class="mono">${key}</span>` : ''}</h2>
<form method="get" action="/ui/run"><input type="hidden" name="id" value="${run.id}"><input type="search" name="key" value="${key ?? ''}" placeholder="entity key" aria-label="entity key"> <button type="submit">Search</button>${key ? html` <a href="${href('/ui/run', { id: run.id })}">all ops</a>` : ''}</form>
${opsTable(ops, deps.rt.kinds, now)}
<div class="pager">${after !== undefined ? html`<a href="${href('/ui/run', { id: run.id, key })}">« first page</a>` : ''}${rows.length > PAGE_OPS ? html`<a href="${href('/ui/run', { id: run.id, key, after: ops[ops.length - 1]!.seq })}">next ${PAGE_OPS} »</a>` : ''}</div>`;
  return { title: `Run ${run.id}`, body };
};
