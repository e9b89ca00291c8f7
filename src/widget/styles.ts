const LIGHT = `
  --bg: #ffffff; --bg-soft: #f5f6f8; --fg: #181b21; --muted: #5d6472; --border: #e2e5ea;
  --bubble: #f1f3f6; --accent: var(--dw-accent, #2d55c8); --accent-fg: var(--dw-accent-fg, #ffffff);
  --accent-soft: color-mix(in srgb, var(--accent) 12%, transparent);
  --abstain-bg: #fbf7ec; --abstain-border: #e7d7a6; --abstain-fg: #7a5b10;
  --error-bg: #fdf0f0; --error-border: #f0c4c4; --error-fg: #a22a2a;
  --quote: #3d4450; --shadow: 0 18px 50px rgba(17, 24, 39, 0.18), 0 3px 10px rgba(17, 24, 39, 0.08);
  color-scheme: light;`;

const DARK = `
  --bg: #15171c; --bg-soft: #1b1e24; --fg: #e8eaef; --muted: #9ba2af; --border: #2b2f37;
  --bubble: #22262e; --accent: var(--dw-accent, #7d9bff); --accent-fg: var(--dw-accent-fg, #0c1230);
  --abstain-bg: #2a2417; --abstain-border: #55472a; --abstain-fg: #e6c77a;
  --error-bg: #2d1a1c; --error-border: #5c2b30; --error-fg: #ff9b9b;
  --quote: #c4c9d3; --shadow: 0 18px 50px rgba(0, 0, 0, 0.55), 0 3px 10px rgba(0, 0, 0, 0.35);
  color-scheme: dark;`;

/**
 * The widget's stylesheet, scoped by its shadow root. `:host` is reset with
 * `!important` because inside-the-shadow important rules beat the host page's.
 */
export const WIDGET_CSS = `
:host { all: initial !important; display: block !important; position: static !important; }
.root {
  all: initial; ${LIGHT}
  font: 400 14.5px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif;
  color: var(--fg); -webkit-font-smoothing: antialiased; text-align: left;
}
.root[data-theme="dark"] { ${DARK} }
@media (prefers-color-scheme: dark) { .root[data-theme="auto"] { ${DARK} } }
*, *::before, *::after { box-sizing: border-box; }
button, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
svg { width: 18px; height: 18px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; flex: none; }

.launcher {
  position: fixed; bottom: 20px; right: 20px; z-index: 2147483000;
  width: 56px; height: 56px; border-radius: 50%; border: 0; display: grid; place-items: center;
  background: var(--accent); color: var(--accent-fg); box-shadow: var(--shadow);
  transition: transform .15s ease, box-shadow .15s ease;
}
.launcher svg { width: 24px; height: 24px; }
.launcher:hover { transform: translateY(-1px) scale(1.03); }
.root[data-position="left"] .launcher { right: auto; left: 20px; }

.panel {
  position: fixed; bottom: 88px; right: 20px; z-index: 2147483000;
  width: min(400px, calc(100vw - 24px)); height: min(640px, calc(100vh - 108px));
  display: flex; flex-direction: column; overflow: hidden;
  background: var(--bg); border: 1px solid var(--border); border-radius: 16px; box-shadow: var(--shadow);
}
.panel[hidden] { display: none; }
.root[data-position="left"] .panel { right: auto; left: 20px; }

.header { display: flex; align-items: center; gap: 10px; padding: 12px 10px 12px 16px; border-bottom: 1px solid var(--border); background: var(--bg); }
.logo { width: 32px; height: 32px; border-radius: 9px; display: grid; place-items: center; background: var(--accent-soft); color: var(--accent); flex: none; }
.heading { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 15px; font-weight: 650; line-height: 1.3; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.subtitle { margin: 0; font-size: 12px; color: var(--muted); line-height: 1.3; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.icon-btn { width: 34px; height: 34px; border-radius: 8px; border: 0; background: transparent; color: var(--muted); display: grid; place-items: center; flex: none; }
.icon-btn:hover { background: var(--bg-soft); color: var(--fg); }

.messages { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 14px; background: var(--bg); overscroll-behavior: contain; }
.intro { color: var(--muted); font-size: 14px; }
.intro p { margin: 0 0 12px; }
.examples { display: flex; flex-direction: column; gap: 8px; align-items: flex-start; }
.example { text-align: left; border: 1px solid var(--border); background: var(--bg); border-radius: 12px; padding: 8px 12px; font-size: 13.5px; color: var(--fg); line-height: 1.4; }
.example:hover { border-color: var(--accent); background: var(--accent-soft); }

.msg { display: flex; flex-direction: column; max-width: 100%; }
.msg.user { align-items: flex-end; }
.bubble { padding: 10px 13px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; }
.user .bubble { background: var(--accent); color: var(--accent-fg); border-bottom-right-radius: 4px; max-width: 85%; }
.assistant .bubble { background: var(--bubble); border-bottom-left-radius: 4px; max-width: 100%; }
.assistant.abstained .bubble { background: var(--abstain-bg); border: 1px dashed var(--abstain-border); }
.assistant.error .bubble { background: var(--error-bg); border: 1px solid var(--error-border); color: var(--error-fg); }
.badge { display: inline-flex; align-items: center; gap: 6px; font-size: 12px; font-weight: 600; color: var(--abstain-fg); margin-bottom: 6px; }
.badge svg { width: 15px; height: 15px; }
.error .badge { color: var(--error-fg); }
.note { font-size: 12px; color: var(--muted); margin-top: 4px; }
.retry { margin-top: 8px; border: 1px solid currentColor; background: transparent; border-radius: 8px; padding: 3px 10px; font-size: 13px; }

.chip {
  display: inline-flex; align-items: center; justify-content: center; min-width: 20px; height: 19px; padding: 0 5px; margin: 0 1px;
  border-radius: 6px; border: 0; background: var(--accent-soft); color: var(--accent); font-size: 11.5px; font-weight: 700; line-height: 1;
  vertical-align: 2px; font-variant-numeric: tabular-nums;
}
.chip:hover, .chip[aria-expanded="true"] { background: var(--accent); color: var(--accent-fg); }

.typing { display: inline-flex; gap: 4px; padding: 4px 0; }
.typing i { width: 6px; height: 6px; border-radius: 50%; background: var(--muted); opacity: .5; animation: dw-blink 1.2s infinite ease-in-out; }
.typing i:nth-child(2) { animation-delay: .15s; } .typing i:nth-child(3) { animation-delay: .3s; }
@keyframes dw-blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: .9; } }
@media (prefers-reduced-motion: reduce) { .typing i { animation: none; } .launcher { transition: none; } }

.assistant .bubble { white-space: normal; min-width: 0; }
.msg { min-width: 0; }
.body p { margin: 0 0 .55em; }
.body p:last-child { margin-bottom: 0; }
.body ul, .body ol { margin: .2em 0 .6em; padding-left: 1.35em; }
.body li { margin: .15em 0; }
.body li > p { margin: 0; }
.body code { font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: var(--bg-soft); border: 1px solid var(--border); border-radius: 5px; padding: 0 4px; }
.body pre { overflow-x: auto; background: var(--bg-soft); border: 1px solid var(--border); padding: 8px 10px; border-radius: 8px; white-space: pre; margin: .4em 0; }
.body pre code { border: 0; padding: 0; background: none; }
.body blockquote { margin: .4em 0; padding-left: 10px; border-left: 3px solid var(--border); }
.body .md-heading { margin-top: .4em; }
.body a { color: var(--accent); }
.body.folded { max-height: 6.3em; overflow: hidden; -webkit-mask-image: linear-gradient(#000 55%, transparent); mask-image: linear-gradient(#000 55%, transparent); }
.fold { border: 0; background: none; color: var(--accent); font-size: 12.5px; font-weight: 600; padding: 2px 0; margin-top: 2px; }
.note.warn { display: flex; gap: 6px; align-items: flex-start; color: var(--abstain-fg); background: var(--abstain-bg); border: 1px solid var(--abstain-border); border-radius: 8px; padding: 6px 8px; margin: 8px 0 0; font-size: 12.5px; line-height: 1.4; }
.note.warn svg { width: 15px; height: 15px; margin-top: 1px; }

.table-card { margin-top: 10px; }
.table-head { display: flex; align-items: baseline; gap: 8px; margin-bottom: 4px; font-size: 12.5px; }
.table-title { font-weight: 650; flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.table-count { color: var(--muted); flex: none; font-variant-numeric: tabular-nums; font-size: 12px; }
.table-scroll { overflow: auto; max-height: 320px; border: 1px solid var(--border); border-radius: 8px; background: var(--bg); overscroll-behavior: contain; }
.table-scroll table { border-collapse: separate; border-spacing: 0; width: max-content; min-width: 100%; font-size: 12.5px; line-height: 1.4; white-space: normal; overflow-wrap: normal; word-break: normal; hyphens: manual; }
.table-scroll th, .table-scroll td { padding: 5px 8px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--border); }
.table-scroll .cell { max-width: 15em; }
.overlay .table-scroll .cell { max-width: 24em; }
.table-scroll th + th, .table-scroll td + td { border-left: 1px solid var(--border); }
.table-scroll thead th { position: sticky; top: 0; z-index: 1; background: var(--bg-soft); font-weight: 650; }
.table-scroll tbody tr:last-child td { border-bottom: 0; }
.table-scroll tbody tr:nth-child(even) td { background: color-mix(in srgb, var(--bg-soft) 55%, transparent); }
.table-actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.tbtn { border: 1px solid var(--border); background: var(--bg); color: var(--fg); border-radius: 7px; padding: 3px 8px; font-size: 12px; line-height: 1.5; display: inline-flex; align-items: center; gap: 5px; }
.tbtn svg { width: 13px; height: 13px; }
.tbtn:hover { border-color: var(--accent); }
.tbtn.more { color: var(--accent); font-weight: 600; }
.tbtn.primary { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
.tbtn:disabled { opacity: .6; cursor: default; }

.overlay { position: fixed; inset: 0; z-index: 2147483001; background: var(--bg); color: var(--fg); display: flex; flex-direction: column; gap: 10px; padding: 14px 16px 16px; }
.overlay-head { display: grid; grid-template-columns: 1fr auto; grid-template-areas: "heading close" "actions actions"; align-items: center; gap: 8px 12px; }
.overlay-head .icon-btn { grid-area: close; align-self: start; }
.overlay-head .table-actions { grid-area: actions; }
.overlay-heading { grid-area: heading; min-width: 0; display: flex; align-items: baseline; flex-wrap: wrap; gap: 2px 10px; }
@media (min-width: 900px) { .overlay-head { grid-template-columns: 1fr auto auto; grid-template-areas: "heading actions close"; } }
.overlay-title { margin: 0; font-size: 16px; font-weight: 650; line-height: 1.3; }
.overlay .table-actions { margin: 0; }
.overlay .table-scroll.full { flex: 1; max-height: none; }
.overlay .table-scroll table { font-size: 13px; }
.copy-buffer { position: fixed; left: -9999px; top: 0; opacity: 0; }

.sources { margin-top: 8px; }
.sources-title { margin: 0 0 4px; font-size: 11.5px; font-weight: 650; letter-spacing: .04em; text-transform: uppercase; color: var(--muted); }
.source-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.source { border: 1px solid var(--border); border-radius: 10px; background: var(--bg); transition: box-shadow .2s ease; }
.source.flash { border-color: var(--accent); box-shadow: 0 0 0 3px var(--accent-soft); }
.source summary { list-style: none; display: flex; align-items: flex-start; gap: 8px; padding: 6px 10px; cursor: pointer; font-size: 12.5px; line-height: 1.4; border-radius: 10px; }
.source summary::-webkit-details-marker { display: none; }
.source summary::after { content: "›"; padding-left: 2px; font-size: 17px; line-height: 1; color: var(--muted); transition: transform .15s ease; align-self: center; }
.source[open] summary::after { transform: rotate(90deg); }
.source .n { color: var(--accent); font-weight: 700; font-variant-numeric: tabular-nums; flex: none; }
.source .what { flex: 1; min-width: 0; display: flex; flex-direction: column; }
.source .where { overflow: hidden; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; color: var(--fg); overflow-wrap: anywhere; }
.source .sub { display: flex; gap: 6px; align-items: baseline; min-width: 0; font-size: 11.5px; color: var(--muted); }
.source .doc { flex: 0 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.source .page { flex: none; white-space: nowrap; font-variant-numeric: tabular-nums; color: var(--fg); font-weight: 600; }
.source .sub .page::before { content: "·"; margin-right: 6px; color: var(--muted); font-weight: 400; }
.source blockquote { margin: 0 10px 8px; padding: 6px 0 6px 10px; border-left: 3px solid var(--accent); color: var(--quote); font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere; }
.source .meta { margin: 0 10px 8px; font-size: 11.5px; color: var(--muted); display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 10px; }
.open { color: var(--accent); font-weight: 650; text-decoration: none; display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; }
.open:hover { text-decoration: underline; }
.open svg { width: 13px; height: 13px; }
.row-list { list-style: none; margin: 0 10px 10px; padding: 0; max-height: 280px; overflow: auto; display: flex; flex-direction: column; gap: 2px; font-size: 12.5px; line-height: 1.4; }
.row { display: flex; gap: 6px; padding: 4px 6px; border-radius: 6px; }
.row:nth-child(odd) { background: var(--bg-soft); }
.row.flash { background: var(--accent-soft); box-shadow: inset 0 0 0 1px var(--accent); }
.row .row-text { flex: 1; min-width: 0; overflow-wrap: break-word; color: var(--quote); }

.answer-foot { margin-top: 6px; }
.answer-actions { display: flex; align-items: center; gap: 4px; }
.spacer { flex: 1; }
.act { border: 1px solid var(--border); background: var(--bg); border-radius: 8px; height: 30px; min-width: 32px; padding: 0 8px; display: inline-flex; align-items: center; justify-content: center; gap: 6px; font-size: 12.5px; color: var(--muted); }
.act svg { width: 15px; height: 15px; }
.act:hover:not(:disabled) { color: var(--fg); border-color: var(--accent); }
.act[aria-pressed="true"] { background: var(--accent-soft); color: var(--accent); border-color: var(--accent); }
.act:disabled { cursor: default; }
.feedback-form { margin-top: 6px; display: flex; flex-direction: column; gap: 6px; }
.comment { resize: vertical; min-height: 54px; padding: 8px 10px; border-radius: 10px; border: 1px solid var(--border); background: var(--bg-soft); line-height: 1.45; font: inherit; color: inherit; }
.comment:focus { border-color: var(--accent); box-shadow: 0 0 0 3px var(--accent-soft); outline: none; }
.feedback-buttons { display: flex; gap: 6px; }
.feedback-error { margin: 0; color: var(--error-fg); font-size: 12.5px; }
.feedback-error:empty { display: none; }
.feedback-done { margin: 6px 0 0; font-size: 12.5px; color: var(--muted); }

.composer { display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px 6px; border-top: 1px solid var(--border); background: var(--bg); }
.input {
  flex: 1; min-width: 0; resize: none; max-height: 132px; min-height: 42px; padding: 10px 12px; border-radius: 12px;
  border: 1px solid var(--border); background: var(--bg-soft); line-height: 1.45; outline: none;
}
.input:focus { border-color: var(--accent); box-shadow: 0 0 0 3px var(--accent-soft); outline: none; }
.input::placeholder { color: var(--muted); }
.send, .stop { width: 42px; height: 42px; border-radius: 12px; border: 0; display: grid; place-items: center; flex: none; background: var(--accent); color: var(--accent-fg); }
.send:disabled { opacity: .45; cursor: default; }
.stop { background: var(--fg); color: var(--bg); }
.stop svg { fill: currentColor; }
.send[hidden], .stop[hidden] { display: none; }
.hint { margin: 0; padding: 0 14px 10px; font-size: 11.5px; color: var(--muted); background: var(--bg); }

@media (max-width: 480px) {
  .launcher { bottom: 12px; right: 12px; width: 52px; height: 52px; }
  .root[data-position="left"] .launcher { left: 12px; }
  .panel, .root[data-position="left"] .panel { left: 8px; right: 8px; width: auto; bottom: 74px; height: calc(100vh - 84px); height: calc(100dvh - 84px); border-radius: 14px; }
  .messages { padding: 12px; }
  .hint { display: none; }
}
`;
