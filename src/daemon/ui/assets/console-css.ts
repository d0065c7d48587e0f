/**
 * The console's stylesheet, served at /ui/assets/console.css. Kept as a module (not a .css file)
 * so it ships inside the build with no copy step; the CSP allows styles only from here.
 */
export const CONSOLE_CSS = `
:root { --fg: #1d2330; --dim: #6b7385; --bg: #f6f7f9; --card: #fff; --line: #dde1e8; --accent: #2456c8;
  --ok: #1f8a4c; --warn: #b26a00; --bad: #c0392b; --held: #7b3fb5; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header.top { display: flex; align-items: center; gap: 18px; padding: 8px 20px; background: #1d2330; color: #fff; flex-wrap: wrap; }
header.top a { color: #cfd8ec; text-decoration: none; }
header.top a.active, header.top a:hover { color: #fff; text-decoration: underline; }
header.top .brand { font-weight: 700; color: #fff; }
header.top form.search { margin-left: auto; display: flex; gap: 4px; }
header.top .who { color: #cfd8ec; display: flex; gap: 8px; align-items: center; }
main { padding: 16px 20px 40px; max-width: 1400px; }
h1 { font-size: 20px; margin: 4px 0 14px; }
h2 { font-size: 16px; margin: 18px 0 8px; }
a { color: var(--accent); }
.dim { color: var(--dim); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 14px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; }
.card h2 { margin-top: 0; display: flex; gap: 8px; align-items: center; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
dl.facts dt { color: var(--dim); }
dl.facts dd { margin: 0; }
dl.facts ul { margin: 0; padding: 0; list-style: none; }
header.top nav { display: flex; gap: 14px; }
table { border-collapse: collapse; background: var(--card); width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: #eef1f5; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.detail { max-width: 520px; }
td.at { white-space: nowrap; }
.chg { display: inline-block; margin-right: 8px; }
.chg.add { color: var(--ok); } .chg.del { color: var(--bad); }
.err { color: var(--bad); font-size: 12px; }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600; background: #e5e8ee; color: var(--fg); }
.b-ok, .b-applied { background: #dcf3e5; color: var(--ok); }
.b-partial, .b-half_open, .b-running, .b-interrupted { background: #fdefd6; color: var(--warn); }
.b-failed, .b-failing, .b-open, .b-abandoned, .b-error { background: #f9dedb; color: var(--bad); }
.b-held, .b-skipped { background: #eadff5; color: var(--held); }
.notice { padding: 8px 12px; border-radius: 6px; border: 1px solid var(--line); background: #fff; margin: 8px 0; }
.notice.bad { border-color: #e7b2ab; background: #fdf1ef; }
.notice.good { border-color: #a8d8bb; background: #eff9f3; }
.notice.warn { border-color: #eccb8f; background: #fff8ea; }
figure.chart { margin: 6px 0; }
figure.chart figcaption { color: var(--dim); font-size: 12px; }
svg rect.slot { fill: #f0f2f6; } svg rect.ok { fill: var(--ok); } svg rect.failed { fill: var(--bad); }
form.inline { display: inline; }
input[type=text], input[type=search], input[type=password] { padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; font: inherit; }
button { font: inherit; padding: 4px 12px; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { border-color: var(--bad); background: var(--bad); }
.pager { margin: 10px 0; display: flex; gap: 14px; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 12.5px; }
form.login { max-width: 420px; display: grid; gap: 8px; }
`;
