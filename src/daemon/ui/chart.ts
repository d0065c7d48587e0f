/**
 * The overview's "ops in the last 24 h" as an inline SVG bar chart, rendered on the server: one
 * bar per UTC hour, failed ops stacked on top in another colour. No script, no external image;
 * colours come from console.css classes (the CSP allows no inline styles).
 */
import type { HourlyOps } from '../../store/store.js';
import { html, type Html } from './html.js';

const W = 240;
const H = 44;
const BAR = W / 24;

/** The 24 hour slots (`YYYY-MM-DDTHH`) ending with the hour of `now`. */
export function lastHours(now: Date): string[] {
  const end = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  return Array.from({ length: 24 }, (_, i) => new Date(end - (23 - i) * 3_600_000).toISOString().slice(0, 13));
}

export function opsChart(hours: readonly HourlyOps[], now: Date): Html {
  const slots = lastHours(now);
  const by = new Map(hours.map((h) => [h.hour, h]));
  const peak = Math.max(0, ...slots.map((s) => (by.get(s)?.ok ?? 0) + (by.get(s)?.failed ?? 0)));
  const max = Math.max(1, peak);
  const total = hours.reduce((n, h) => n + h.ok, 0);
  const failed = hours.reduce((n, h) => n + h.failed, 0);
  const bars = slots.map((s, i) => {
    const h = by.get(s) ?? { ok: 0, failed: 0 };
    const okH = ((H - 4) * h.ok) / max;
    const failH = ((H - 4) * h.failed) / max;
    const x = (i * BAR + 1).toFixed(1);
    return html`<g><title>${s.slice(11)}:00 UTC: ${h.ok} applied${h.failed ? `, ${h.failed} failed` : ''}</title><rect class="slot" x="${x}" y="0" width="${(BAR - 2).toFixed(1)}" height="${H}"/>${h.ok ? html`<rect class="ok" x="${x}" y="${(H - okH).toFixed(1)}" width="${(BAR - 2).toFixed(1)}" height="${okH.toFixed(1)}"/>` : ''}${h.failed ? html`<rect class="failed" x="${x}" y="${(H - okH - failH).toFixed(1)}" width="${(BAR - 2).toFixed(1)}" height="${failH.toFixed(1)}"/>` : ''}</g>`;
  });
  return html`<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="ops per hour, last 24 hours">${bars}</svg>
<figcaption>${total} applied${failed ? `, ${failed} failed` : ''} in 24 h (peak ${peak}/h)</figcaption></figure>`;
}
