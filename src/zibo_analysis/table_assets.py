"""The style and script of the tables `plots.display_table` makes, as text (standard library
only, so that the report writes them on its own pages without importing plots).

A table carries them ahead of itself, so that it works alone (in JupyterLab, in a cell's
output): ``assets_html(names)``, with ``names`` (some of `ASSETS`) in the output's
metadata. A report page holds them once, in its head, and each table without them: the
page template reads the names and leaves out exactly that text.

>>> assets_html(["style"]).splitlines()[0], assets_html(["style", "script"]).splitlines()[-1]
('<style>', '</script>')
"""

# Chinese running text breaks between any two characters: its column keeps this much width (em)
# so that a note is not one character a line; `plots.tables` sizes columns to match.
CJK_TEXT_EM, CJK_LONG_TEXT_EM = 7, 14

TABLE_CSS = (
    """
.zibo-table-wrap { max-width: 100%; overflow-x: auto; margin: 0 0 1.2em;
  background: linear-gradient(to right, var(--bg, #fff) 40%, transparent) left / 1.5em 100% no-repeat local,
    linear-gradient(to left, var(--bg, #fff) 40%, transparent) right / 1.5em 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.3), transparent) left / 0.7em 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.3), transparent) right / 0.7em 100% no-repeat scroll; }
.zibo-table-wrap:focus-visible { outline: 3px solid var(--focus, #1a5fb4); outline-offset: 2px; }
.zibo-table-wrap table.zibo-table { table-layout: auto; width: auto; border-collapse: collapse; margin: 0;
    font-size: 13px; }
.zibo-table-wrap table.zibo-table th, .zibo-table-wrap table.zibo-table td { padding: 4px 5px;
    line-height: 1.35; vertical-align: top; overflow-wrap: break-word; }
.zibo-table-wrap table.zibo-table th { vertical-align: bottom; white-space: normal; font-weight: bold;
    text-align: left; }
.zibo-table-wrap table.zibo-table td.zt-num { text-align: right; white-space: nowrap;
    font-variant-numeric: tabular-nums; }
.zibo-table-wrap table.zibo-table th.zt-num { text-align: right; }
.zibo-table-wrap table.zibo-table td.zt-text, .zibo-table-wrap table.zibo-table td.zt-id,
    .zibo-table-wrap table.zibo-table td.zt-date { text-align: left; }
.zibo-table-wrap table.zibo-table td.zt-date, .zibo-table-wrap table.zibo-table td.zt-id,
    .zibo-table-wrap .zt-nowrap { white-space: nowrap; }
.zibo-table-wrap table.zibo-table td.zt-snake, .zibo-table-wrap table.zibo-table td.zt-list { white-space: normal; }
.zibo-table-wrap table.zibo-table td.zt-short { white-space: nowrap; }
.zibo-table-wrap table.zibo-table th:lang(zh) { word-break: keep-all; }
.zibo-table-wrap table.zibo-table td.zt-text:lang(zh):not(.zt-short) { min-width: CJK_TEXT_EMem; }
.zibo-table-wrap table.zibo-table td.zt-long:lang(zh) { min-width: CJK_LONG_TEXT_EMem; }
.zibo-table-wrap table.zibo-table th button { all: inherit; cursor: pointer; padding: 0; }
.zibo-table-wrap table.zibo-table th button:focus-visible { outline: 3px solid var(--focus, #1a5fb4);
    outline-offset: 2px; }
.zibo-table-wrap table.zibo-table th[aria-sort=ascending] button::after { content: " \\25B2"; }
.zibo-table-wrap table.zibo-table th[aria-sort=descending] button::after { content: " \\25BC"; }
.zibo-table-wrap .zt-missing { color: var(--muted, #59636e); }
.zibo-table-search { margin: 0.3em 0 0.5em; font-size: 13px; }
.zibo-table-search input { margin-left: 0.4em; padding: 2px 4px; font: inherit; }
.zibo-table-search .zt-count { margin-left: 1em; }
@media (max-width: 640px) {
  .zibo-table-wrap { background: none; }
  .zibo-table-wrap table.zibo-table.zt-cards, .zibo-table-wrap table.zt-cards tbody, .zibo-table-wrap table.zt-cards tr,
  .zibo-table-wrap table.zt-cards td { display: block; width: auto; }
  .zibo-table-wrap table.zt-cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
      clip-path: inset(50%); }
  .zibo-table-wrap table.zt-cards tr { border: 1px solid var(--border, #d1d9e0); border-radius: 6px;
      margin: 0 0 0.6em; padding: 0.35em 0.6em; }
  .zibo-table-wrap table.zt-cards tr[hidden] { display: none; }
  .zibo-table-wrap table.zibo-table.zt-cards td { display: flow-root; border: 0; padding: 2px 0 2px 9.2em;
    text-align: left; white-space: normal; overflow-wrap: anywhere; min-width: 0; }
  .zibo-table-wrap table.zibo-table.zt-cards td::before { content: attr(data-label); float: left;
      width: 8.6em; margin-left: -9.2em;
    font-weight: 600; color: var(--muted, #59636e); overflow-wrap: break-word; }
  .zibo-table-wrap table.zibo-table.zt-cards td:first-child { font-weight: 600; }
  .zibo-table-wrap table.zibo-table.zt-cards td:empty { display: none; }
}
@media print { .zibo-table-search { display: none; } .zibo-table-wrap { overflow: visible; background: none; }
  .zibo-table-wrap table.zibo-table thead { display: table-header-group;
      } .zibo-table-wrap table.zibo-table tr { break-inside: avoid; } }
""".strip()
    .replace("CJK_LONG_TEXT_EM", str(CJK_LONG_TEXT_EM))
    .replace("CJK_TEXT_EM", str(CJK_TEXT_EM))
)

TABLE_FUNCTION = """
/* zibo-analysis tables: sort by a header, search the rows; no network, no library */
window.ziboTable = window.ziboTable || function (wrap) {
  var table = wrap.querySelector("table.zibo-table");
  var body = table.tBodies[0], heads = table.tHead.rows[0].cells;
  var rows = Array.prototype.slice.call(body.rows);
  var input = wrap.querySelector(".zibo-table-search input");
  var count = wrap.querySelector(".zt-count");
  function key(row, i, numeric) {
    var cell = row.cells[i];
    if (!numeric) { var t = cell.textContent.trim(); return t === "" || t === "\\u2013" ? null : t; }
    var s = cell.getAttribute("data-sort");
    return s === null ? null : parseFloat(s);
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () {
      var up = th.getAttribute("aria-sort") !== "ascending";
      var numeric = th.classList.contains("zt-num");
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      rows.slice().sort(function (a, b) {
        var p = key(a, i, numeric), q = key(b, i, numeric);
        if (p === null || q === null) { return (p === null) - (q === null); }
        var d = numeric ? (p === q ? 0 : p < q ? -1 : 1) : p.localeCompare(q, undefined, {numeric: true});
        return up ? d : -d;
      }).forEach(function (row) { body.appendChild(row); });
    });
  });
  if (input) {
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (row) {
        row.hidden = words !== "" && row.textContent.toLowerCase().indexOf(words) < 0;
        shown += row.hidden ? 0 : 1;
      });
      var n = String(rows.length);
      count.textContent = (words ? count.getAttribute("data-some") : count.getAttribute("data-all"))
        .replace("{n}", n).replace("{shown}", String(shown));
    });
  }
};
""".strip()
# The growth cards (`plots.cards`): a grid of cards that fills the page's column (four at
# 1400 px, one on a phone), each card's line of every report at its foot.
# The growth cards' colours in a light scheme: the line of every report and the growth, and
# a break. The line's SVG carries them (and its strokes) as attributes too, since WeasyPrint
# draws an inline SVG without the page's stylesheet: without them the printed line was a black
# sliver of filled polygon and the break invisible. On screen the stylesheet overrides them
# (the dark scheme's colours).
CARD_COLOURS = {"accent": "#0173b2", "break": "#d55e00"}
CARDS_CSS = (
    f".zibo-cards {{ --zc-accent: {CARD_COLOURS['accent']}; --zc-break: {CARD_COLOURS['break']}; }}"
    + """
@media (prefers-color-scheme: dark) { .zibo-cards { --zc-accent: #79b8ff; --zc-break: #ff9e5e; } }
.zibo-cards ul.zc-grid { list-style: none; margin: 0; padding: 0; display: grid; gap: 12px;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 17em), 1fr)); font-size: 13px; max-width: 1080px; }
.zibo-cards li.zc-card { display: flex; flex-direction: column; margin: 0; padding: 0.55em 0.75em 0.45em;
    border: 1px solid var(--border, #d1d9e0); border-radius: 6px; background: var(--panel, #f6f8fa);
    line-height: 1.4; break-inside: avoid; max-width: none; }
.zibo-cards li.zc-card p { margin: 0 0 0.3em; max-width: none; }
.zibo-cards p.zc-title { font-weight: 600; font-size: 13.5px; margin-bottom: 0.45em; }
.zibo-cards p.zc-growth { color: var(--zc-accent); font-size: 14px; }
.zibo-cards .zc-label { color: var(--muted, #59636e); }
.zibo-cards .zc-date, .zibo-cards .zc-doc { white-space: nowrap; }
.zibo-cards svg.zc-spark { display: block; width: 100%; height: auto; margin-top: auto; padding-top: 0.3em;
    color: var(--zc-accent); overflow: visible; }
.zibo-cards svg.zc-spark polyline { stroke: currentColor; }
.zibo-cards svg.zc-spark circle { fill: currentColor; }
.zibo-cards svg.zc-spark line.zc-break { stroke: var(--zc-break); }
@media print { figure.zibo-figure.zibo-cards { break-inside: auto; }
  .zibo-cards ul.zc-grid { grid-template-columns: repeat(4, minmax(0, 1fr)); font-size: 8pt; gap: 3mm; } }
"""
).strip()
TABLE_CALL = "ziboTable(document.currentScript.parentElement);"  # each searchable table's own
# What a table may carry ahead of itself, by name, in the order it carries them.
ASSETS = {
    "style": f"<style>\n{TABLE_CSS}\n</style>\n",
    "script": f"<script>\n{TABLE_FUNCTION}\n</script>\n",
    "cards": f"<style>\n{CARDS_CSS}\n</style>\n",
}


def assets_html(names: list[str]) -> str:
    """The assets named, as a table carries them ahead of itself."""
    return "".join(ASSETS[name] for name in names)
