import { describe, expect, it } from 'vitest';
import { escapeHtml, href, html, Html } from '../../../src/daemon/ui/html.js';
import { opsChart, lastHours } from '../../../src/daemon/ui/chart.js';
import { safeNext } from '../../../src/daemon/ui/pages/login.js';
import { consoleSettings, isLoopbackHost } from '../../../src/daemon/ui/settings.js';
import { scrub } from '../../../src/daemon/ui/scrub.js';

describe('the console html tag', () => {
  it('escapes every interpolated value, in content and attributes', () => {
    const evil = `<script>alert("x")</script> & 'q'`;
    const out = html`<td title="${evil}">${evil}</td>`.text;
    expect(out).toBe('<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</td>');
    expect(escapeHtml('Ёлка «ТВ»')).toBe('Ёлка «ТВ»');
  });

  it('keeps Html from the tag as is, joins arrays, drops null, undefined and false', () => {
    const items = ['a<b', 'Иванов'].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.text).toBe('<ul><li>a&lt;b</li><li>Иванов</li></ul>0');
    // A plain string that looks like markup is still text: only the tag makes Html.
    expect(html`${'<b>x</b>'}`.text).toBe('&lt;b&gt;x&lt;/b&gt;');
    expect(html`${new Html('<b>x</b>')}`.text).toBe('<b>x</b>');
  });

  it('builds console links with encoded parameters', () => {
    expect(href('/ui/explain', { target: 'smarty', kind: 'customer', key: 'a&b c/д', live: undefined })).toBe('/ui/explain?target=smarty&kind=customer&key=a%26b+c%2F%D0%B4');
    expect(href('/ui/runs')).toBe('/ui/runs');
    expect(html`<a href="${href('/ui/run', { id: 'x"y' })}">`.text).toBe('<a href="/ui/run?id=x%22y">');
  });
});

describe('console pieces', () => {
  it('charts 24 hourly bars with titles and no inline style', () => {
    const now = new Date('2025-03-01T10:30:00Z');
    const hours = lastHours(now);
    expect(hours).toHaveLength(24);
    expect(hours[23]).toBe('2025-03-01T10');
    expect(hours[0]).toBe('2025-02-28T11');
    const svg = opsChart([{ hour: '2025-03-01T10', ok: 5, failed: 2 }, { hour: '2025-03-01T09', ok: 3, failed: 0 }, { hour: '2025-01-01T00', ok: 99, failed: 0 }], now).text;
    expect(svg.match(/<title>/g)).toHaveLength(24);
    expect(svg).toContain('10:00 UTC: 5 applied, 2 failed');
    expect(svg.match(/class="ok"/g)).toHaveLength(2);
    expect(svg.match(/class="failed"/g)).toHaveLength(1);
    expect(svg).not.toMatch(/style=/);
    expect(opsChart([], now).text).toContain('0 applied in 24 h (peak 0/h)');
  });

  it('follows only console paths after login', () => {
    expect(safeNext('/ui/held')).toBe('/ui/held');
    expect(safeNext('/ui/subscriber?q=hydra%3A1')).toBe('/ui/subscriber?q=hydra%3A1');
    for (const bad of ['https://evil.example/', '//evil.example/ui/', '/ui//evil.example', '/uix', '/ui/\\evil', null, '']) expect(safeNext(bad)).toBe('/ui/');
  });

  it('is on and open by default only on loopback', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '[::1]', '::1']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '', '10.0.0.1', '::', 'example.com', '127.0.0.1.evil.example']) expect(isLoopbackHost(h)).toBe(false);
    expect(consoleSettings({}, '127.0.0.1')).toEqual({ enabled: true, auth: 'none' });
    expect(consoleSettings({}, '0.0.0.0')).toEqual({ enabled: false, auth: 'token' });
    expect(consoleSettings({ ui: true }, '0.0.0.0')).toEqual({ enabled: true, auth: 'token' });
    expect(consoleSettings({ ui: false, uiAuth: 'token' }, '127.0.0.1')).toEqual({ enabled: false, auth: 'token' });
  });

  it('scrubs secret values out of error text, longest first', () => {
    expect(scrub('GET http://x/api.php?key=abcdef123&cat=1 failed (abcdef)', ['abcdef', 'abcdef123', 'ab'])).toBe('GET http://x/api.php?key=[secret]&cat=1 failed ([secret])');
  });
});
