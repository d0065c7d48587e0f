/**
 * Overview: every target's state (ok, failing, breaker open with reason and next retry, held
 * back), last and next run, ops of the last 24 h as a chart, and what the last full read
 * returned per source next to what the snapshot holds.
 */
import type { WorkerStatus } from '../../target-worker.js';
import type { SnapshotCount } from '../../../store/store.js';
import type { Page } from '../context.js';
import { opsChart } from '../chart.js';
import { badge, plural, timeCell } from '../format.js';
import { href, html, type Html } from '../html.js';

/** The one word that says how a target is doing, and the sentence behind it. */
export function targetState(s: WorkerStatus): { state: string; label: string; why: string | null } {
  if (s.breaker.state === 'open') return { state: 'open', label: 'breaker open', why: s.breaker.lastError };
  if (s.breaker.state === 'half_open') return { state: 'half_open', label: 'retrying', why: s.breaker.lastError };
  if (s.lastStatus === 'failed' || s.lastStatus === 'partial') return { state: 'failing', label: s.lastStatus === 'failed' ? 'failing' : 'partly failing', why: s.lastError };
  if (s.heldBack) return { state: 'held', label: 'held back', why: `${plural(s.heldBack.ops, 'destructive op')} wait for approval (${s.heldBack.rules.join(', ')})` };
  if (!s.leader) return { state: 'other', label: 'follower', why: 'another billsync daemon leads this target' };
  if (s.lastRunAt === null) return { state: 'other', label: 'waiting', why: 'no run yet' };
  return { state: 'ok', label: 'ok', why: null };
}

export const overviewPage: Page = async (deps, _req) => {
  const now = deps.now();
  const health = deps.health();
  const counts = await deps.rt.store.snapshotCounts();
  const since = new Date(now.getTime() - 24 * 3_600_000).toISOString();
  const names = Object.keys(health.targets).sort();
  const cards = await Promise.all(names.map(async (t) => card(t, health.targets[t]!, counts.filter((c) => c.target === t), await deps.rt.store.opsPerHour(t, since), now, sourcesOf(deps.rt.mappings, t))));
  const body = html`<h1>Overview</h1>
<p class="dim">Daemon ${badge(health.status === 'ok' ? 'ok' : health.status === 'degraded' ? 'failing' : 'other', health.status)} · leadership ${health.leadership} · trigger queue ${health.queueDepth}${health.heldBackOps > 0 ? html` · <a href="/ui/held">${plural(health.heldBackOps, 'op')} held back</a>` : ''}</p>
<div class="cards">${cards}</div>`;
  return { title: 'Overview', body };
};

const sourcesOf = (mappings: readonly { source: string; target: string }[], target: string): string[] => [...new Set(mappings.filter((m) => m.target === target).map((m) => m.source))];

function card(target: string, s: WorkerStatus, counts: readonly SnapshotCount[], hours: Parameters<typeof opsChart>[0], now: Date, sources: readonly string[]): Html {
  const st = targetState(s);
  const breaker = s.breaker.state === 'closed' ? '' : html`<dt>next retry</dt><dd>${timeCell(s.breaker.openUntil === null ? null : new Date(s.breaker.openUntil).toISOString(), now)} <span class="dim">after ${plural(s.breaker.consecutiveFailures, 'failed run')}</span></dd>`;
  const reads = sources.map((src) => html`<li>${src}: ${s.lastRead?.subscribers[src] ?? '—'} subscribers read</li>`);
  const snap = counts.map((c) => html`<li>${c.kind}: ${c.count}</li>`);
  return html`<section class="card" id="target-${target}">
<h2>${target} ${badge(st.state, st.label)}${s.running ? html` <small class="dim">running now</small>` : ''}</h2>
${st.why ? html`<p class="${st.state === 'ok' ? 'dim' : 'err'}">${st.why}</p>` : ''}
${s.heldBack ? html`<p><a href="${href('/ui/held')}#held-${target}">Review and approve ${plural(s.heldBack.ops, 'held-back op')}</a></p>` : ''}
<dl class="facts">
<dt>last run started</dt><dd>${timeCell(s.lastRunAt, now)} ${s.lastStatus ? badge(s.lastStatus) : ''}</dd>
<dt>last success</dt><dd>${timeCell(s.lastSuccessAt, now)}</dd>
<dt>next run</dt><dd>${s.nextRunAt === null && s.running ? html`<span class="dim">after the current run</span>` : timeCell(s.nextRunAt, now)}</dd>
${breaker}
<dt>interval</dt><dd>${Math.round(s.intervalMs / 1000)} s</dd>
</dl>
${opsChart(hours, now)}
<dl class="facts"><dt>last full read</dt><dd><ul>${reads}</ul>${s.lastRead ? html`<span class="dim">${timeCell(s.lastRead.at, now)}</span>` : ''}</dd>
<dt>snapshot</dt><dd>${snap.length > 0 ? html`<ul>${snap}</ul>` : html`<span class="dim">empty</span>`}</dd></dl>
</section>`;
}
