/** The dashboard's whole stylesheet: system fonts, readable on a laptop, visible focus. */
export const DASHBOARD_STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d6dae3; --accent: #2456c7; --bad: #a32020; --good: #1c6b35; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7fa; }
.top { display: flex; gap: 1rem; align-items: baseline; padding: .75rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; color: var(--ink); text-decoration: none; }
.note { color: var(--muted); font-size: .9rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
section.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
.trail { color: var(--muted); font-size: .9rem; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
button { font: inherit; padding: .4rem .9rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button:disabled { opacity: .6; cursor: default; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type=url], input[type=text], select, textarea { font: inherit; width: 100%; max-width: 40rem; padding: .4rem .5rem; border: 1px solid #9aa3b5; border-radius: 6px; }
textarea { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9rem; min-height: 12rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: .75rem 0; max-width: 40rem; }
fieldset label { display: inline-flex; gap: .35rem; align-items: center; font-weight: 400; margin: .15rem 1rem .15rem 0; }
legend { font-weight: 600; padding: 0 .25rem; }
.row { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; margin-top: .75rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; background: #fff; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef0f5; }
td.body { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; max-width: 24rem; overflow-wrap: anywhere; }
.ok { color: var(--good); font-weight: 600; }
.failed { color: var(--bad); font-weight: 600; }
.banner { border: 2px solid var(--bad); background: #fff1f1; color: var(--bad); border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; }
.secret { border: 2px solid var(--good); background: #f0fbf3; border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; }
.secret input { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.status { min-height: 1.5rem; color: var(--muted); }
.hint { color: var(--muted); font-size: .9rem; margin: .25rem 0; }
[hidden] { display: none !important; }
`;
