"""The HTML report's stylesheet, inlined into every report so the file needs nothing else.

Subject colours come from one `--hue` per block; the system font stack avoids loading fonts.
"""

CSS = """
:root {
  --ink: #1d2330; --muted: #667085; --line: #e4e7ec; --faint: #f5f6f8; --accent: #a31f34;
  --hour: 3.5rem;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue",
        "Noto Sans", "Liberation Sans", Arial, system-ui, sans-serif;
}
main { max-width: 90rem; margin: 0 auto; padding: 1.75rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; letter-spacing: -.01em; }
h1 small { color: var(--muted); font-weight: 500; font-size: 1.1rem; margin-left: .4rem; }
h2 {
  font-size: 1.05rem; margin: 2rem 0 .75rem; padding-bottom: .35rem;
  border-bottom: 2px solid var(--accent);
}
.meta { color: var(--muted); margin: 0 0 .5rem; }
.note { background: #fff8e6; border: 1px solid #f5d98b; border-radius: 6px; padding: .4rem .7rem; }
.rules { display: flex; flex-wrap: wrap; gap: .3rem; margin: .6rem 0 0; padding: 0; }
.rules li {
  list-style: none; font-size: 12px; padding: .05rem .5rem; border-radius: 999px;
  background: var(--faint); border: 1px solid var(--line);
}
.conflict {
  margin: 1.5rem 0; padding: 1rem 1.25rem; border-radius: 8px;
  background: #fdf0f1; border: 1px solid #f1b8c0;
}
.conflict h2 { margin-top: 0; border: 0; color: var(--accent); }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; margin: 0; padding: 0; }
.legend { font-size: 13px; }
.legend.key { margin-top: .55rem; font-size: 12px; color: var(--muted); }
.legend li { list-style: none; display: flex; align-items: center; gap: .4rem; }
.legend .title, td .title { color: var(--muted); }
.sw {
  display: inline-block; width: .85rem; height: .85rem; border-radius: 3px; flex: none;
  background: hsl(var(--hue) 75% 88%); border-left: 3px solid hsl(var(--hue) 55% 42%);
}
.sw.half, .block.half {
  background: repeating-linear-gradient(135deg, hsl(var(--hue) 75% 88%) 0 5px,
                                        hsl(var(--hue) 80% 96%) 5px 10px);
}
.sw.plain { --hue: 220; }
.sw.changed { outline: 2px dashed #344054; outline-offset: -2px; background: #fff; border: 0; }
.sw.free { background: #f3f4f6; border: 1px solid var(--line); }
.sw.evening { background: #eef0f7; border: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
table { font-variant-numeric: tabular-nums; }
th, td { padding: .4rem .55rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; }
th { white-space: nowrap; }
thead th { border-bottom: 1.5px solid #c9ced6; }
th.group { text-align: center; border-bottom: 1px solid var(--line); }
td.num, th.num { text-align: right; white-space: nowrap; }
th.fact { white-space: normal; min-width: 3rem; }  /* "expected hours/week" may wrap */
td.zero { color: #b0b6c0; }
tbody tr:nth-child(even) { background: #fafbfc; }
td a { color: inherit; font-weight: 700; }
td .line { display: flex; gap: .45rem; align-items: baseline; }
td .line > span:not(.title) { white-space: nowrap; }  /* titles wrap when the table is tight */
td .line .sw { align-self: center; }
.footnote { color: var(--muted); font-size: 12px; }
.weeks { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: .75rem; }
.week { border: 1px solid var(--line); border-radius: 10px; padding: .7rem .7rem .8rem .5rem; }
.week > * { margin-left: .2rem; }
.week > .grid { margin-left: 0; }
.week header { display: flex; align-items: baseline; gap: .6rem; flex-wrap: wrap; }
.week h3 { margin: 0; font-size: 1.3rem; }
.week .score { font-weight: 600; white-space: nowrap; }
.week .facts { color: var(--muted); font-size: 12px; margin: .1rem 0 0; }
td .equals { color: var(--muted); font-size: 12px; }
.hydrant { margin: .4rem 0 0; font-size: 12px; }
.week .diff {
  margin: .15rem 0 .5rem; font-size: 12.5px; font-weight: 500; min-height: 2.9em;
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden;
}
.week .diff.first { color: var(--muted); font-weight: 400; }
.grid {
  display: grid; grid-template-columns: 2.7rem repeat(var(--days), minmax(0, 1fr));
  grid-template-rows: auto calc(var(--hours) * var(--hour));
}
.dayname { text-align: center; font-size: 12px; font-weight: 600; color: var(--muted); }
.dayname { padding-bottom: .3rem; }
.hours { position: relative; }
.hours span {
  position: absolute; right: .35rem; transform: translateY(-50%);
  font-size: 10.5px; color: var(--muted); font-variant-numeric: tabular-nums;
}
.day {
  position: relative; border-left: 1px solid var(--line);
  background-image: linear-gradient(to bottom, var(--line) 1px, transparent 1px);
  background-size: 100% calc(100% / var(--hours));
  border-bottom: 1px solid var(--line);
}
.day:last-child { border-right: 1px solid var(--line); }
.evening { position: absolute; left: 0; right: 0; bottom: 0; background: rgba(70, 90, 160, .08); }
.day.free { background-color: #f7f8fa; }
.day.free > span {
  position: absolute; top: .4rem; left: 0; right: 0; text-align: center;
  font-size: 10.5px; color: #98a2b3; letter-spacing: .04em;
}
.block {
  position: absolute; overflow: hidden; padding: 2px 2px 2px 4px; border-radius: 5px;
  border: 1px solid #fff; border-left: 3px solid hsl(var(--hue) 55% 42%);
  background: hsl(var(--hue) 75% 88%); color: hsl(var(--hue) 65% 16%);
  font-size: 10.5px; line-height: 1.2;
}
.block > * { display: block; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.block b { font-size: 11px; }
.block .room { opacity: .8; }
.block i {
  font-style: normal; font-size: 9.5px; font-weight: 600; padding: 0 3px; border-radius: 3px;
  background: rgba(255, 255, 255, .85);
}
.block.lane { padding: 1px 2px 1px 3px; border-left-width: 3px; }
.block.lane b { font-size: 10px; }
.block.lane .tags { white-space: normal; line-height: 1.3; }
.block.changed { outline: 2px dashed hsl(var(--hue) 60% 25%); outline-offset: -3px; }
.block.changed::after {
  content: ""; position: absolute; top: 0; right: 0;
  border-style: solid; border-width: 0 11px 11px 0;
  border-color: transparent hsl(var(--hue) 60% 25%) transparent transparent;
}
.block.moved, .sw.moved { box-shadow: inset 0 0 0 2px #b42318; }
.diff.held { color: #b42318; }
.walks { margin: .5rem 0 0; padding-left: 1.1rem; font-size: 12px; color: #93370d; }
.offgrid { margin: .5rem 0 0; padding-left: 1.1rem; font-size: 12px; color: var(--muted); }
@media (max-width: 40rem) { main { padding: 1rem .75rem; } .weeks { grid-template-columns: 1fr; } }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  :root { --hour: 2.6rem; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  .weeks { grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 3mm; }
  .week, tr, .conflict { break-inside: avoid; }
  h2 { break-after: avoid; }
  td a { text-decoration: none; }
  td .title { display: none; }  /* the legend names every subject; the table must fit the page */
  .block { font-size: 9px; padding-left: 3px; }
  .block b { font-size: 9.5px; }
}
"""
