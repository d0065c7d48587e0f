/**
 * Drift: what the last `plan --refresh` found on each target — entities the live target lost
 * or holds differently from the snapshot. The daemon does not read live targets on its own.
 */
import type { DriftEntry } from '../../../model/plan.js';
import type { Page } from '../context.js';
import { timeCell } from '../format.js';
import { html, type Html } from '../html.js';
import { notice } from '../layout.js';
import { entityLink } from '../op-view.js';
import { redactDrift } from '../../../report/redact-drift.js';

const SHOWN = 300;

export const driftPage: Page = async (deps, _req) => {
  const now = deps.now();
  const reports = await deps.rt.store.listDrift();
  if (reports.length === 0) {
    return { title: 'Drift', body: html`<h1>Drift</h1>${notice('', html`No drift report is stored yet. Run <code>billsync plan --refresh</code>: it reads the live targets, and what it finds is shown here.`)}` };
  }
  const missing = [...deps.rt.targets.keys()].filter((t) => !reports.some((r) => r.target === t));
  const body = html`<h1>Drift</h1><p class="dim">As the last <code>billsync plan --refresh</code> found it; run it again to refresh.</p>
${reports.map((r) => html`<section class="card"><h2>${r.target}</h2><p>${r.count === 0 ? 'No drift' : `${r.count} entit${r.count === 1 ? 'y differs' : 'ies differ'} from the snapshot`} — read ${timeCell(r.foundAt, now)}</p>
${r.entries.length ? entriesTable(redactDrift(r.entries.slice(0, SHOWN), deps.rt.kinds)) : ''}${r.count > SHOWN ? html`<p class="dim">… ${r.count - SHOWN} more: <code>billsync plan --refresh</code> lists them all.</p>` : ''}</section>`)}
${missing.length ? html`<p class="dim">Never refreshed: ${missing.join(', ')}.</p>` : ''}`;
  return { title: 'Drift', body };
};

function entriesTable(entries: readonly DriftEntry[]): Html {
  const sets = (label: string, cls: string, m: Readonly<Record<string, readonly string[]>> | undefined) =>
    Object.entries(m ?? {}).map(([s, list]) => html`<span class="chg ${cls}">${label} ${s}: ${list.join(', ')}</span>`);
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return html`<table><thead><tr><th>kind</th><th>key</th><th>drift</th><th>snapshot → live</th></tr></thead><tbody>${entries.map(
    (d) => html`<tr><td>${d.kind}</td><td>${entityLink(d.target, d.kind, d.key)}</td><td><span class="badge ${d.type === 'missing' ? 'b-failed' : 'b-partial'}">${d.type}</span></td>
<td class="detail">${d.attrs.map((a) => html`<span class="chg">${a.attr}: ${show(a.snapshot)} → ${show(a.live)}</span>`)}${sets('target added', 'add', d.added)}${sets('target lost', 'del', d.removed)}${sets(`platform added (${d.policy ?? 'report'})`, '', d.platformAdded)}</td></tr>`,
  )}</tbody></table>`;
}
