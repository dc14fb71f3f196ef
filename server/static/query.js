// The query page: a small SPARQL editor (highlighting, Ctrl+Enter, completion from the graph),
// results as a table of labels linking to entity pages or as a bar chart, downloads, permalinks.
"use strict";

const $ = (id) => document.getElementById(id);
const editor = $("query");
const examples = JSON.parse($("example-data").textContent);
const prefixes = JSON.parse($("prefix-data").textContent);
const KEYWORDS = /^(SELECT|ASK|CONSTRUCT|DESCRIBE|WHERE|PREFIX|BASE|DISTINCT|REDUCED|FROM|NAMED|GRAPH|OPTIONAL|UNION|MINUS|FILTER|BIND|VALUES|GROUP|BY|HAVING|ORDER|ASC|DESC|LIMIT|OFFSET|AS|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT|SEPARATOR|NOT|EXISTS|IN|LANG|LANGMATCHES|STR|IRI|YEAR|CONTAINS|LCASE|UCASE|REGEX|STRSTARTS|COALESCE|IF|BOUND|SERVICE|a|true|false)$/i;
const TOKEN = /(#[^\n]*)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>\s]*>)|([?$][\w]+)|([A-Za-z][\w-]*:(?:[\w\-.]|\\.)*)|([A-Za-z_]+)|([\s\S])/g;
let lastResult = null, errorLine = null;

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
}

function highlight() {
  let html = "", match;
  const text = editor.value;
  TOKEN.lastIndex = 0;
  while ((match = TOKEN.exec(text))) {
    const [all, comment, string, iri, variable, pname, word] = match;
    const css = comment ? "comment" : string ? "string" : iri ? "iri" : variable ? "var" : pname ? "pname"
      : word && KEYWORDS.test(word) ? "keyword" : null;
    html += css ? `<span class="tok-${css}">${escapeHtml(all)}</span>` : escapeHtml(all);
  }
  if (errorLine !== null) {
    const lines = html.split("\n");
    if (lines[errorLine]) lines[errorLine] = `<span class="tok-error">${lines[errorLine]}</span>`;
    html = lines.join("\n");
  }
  $("highlight").innerHTML = html + "\n";
  $("highlight").scrollTop = editor.scrollTop;
}

function pinned() {
  return $("pin").checked ? {version: $("pin").dataset.version} : {};
}

function permalink() {
  const url = new URL(location.href);
  url.search = new URLSearchParams({query: editor.value, ...pinned()}).toString();
  return url.toString();
}

function downloadUrl(format) {
  return `/sparql?${new URLSearchParams({query: editor.value, format, ...pinned()})}`;
}

async function run() {
  errorLine = null;
  $("error").hidden = true;
  $("status").textContent = "Running…";
  history.replaceState(null, "", permalink());
  $("permalink").href = permalink();
  const started = performance.now();
  const response = await fetch("/sparql", {method: "POST", headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.9",
    "Content-Type": "application/x-www-form-urlencoded"}, body: new URLSearchParams({query: editor.value, ...pinned()})});
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const version = response.headers.get("X-Graph-Version") || "?";
  if (!response.ok) {
    const message = await response.text();
    showError(message, response.status);
    $("status").textContent = "";
    highlight();
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  $("downloads").hidden = false;
  for (const link of document.querySelectorAll("#downloads a")) link.href = downloadUrl(link.dataset.format);
  if (!type.includes("json")) {
    const text = await response.text();
    $("results").innerHTML = `<pre>${escapeHtml(text)}</pre>`;
    $("status").textContent = `Answered in ${seconds} s by graph version ${version}.`;
    return;
  }
  lastResult = await response.json();
  const rows = lastResult.results ? lastResult.results.bindings.length : 1;
  $("status").textContent = `${rows} row${rows === 1 ? "" : "s"} in ${seconds} s, answered by graph version ${version}.`;
  await renderTable();
}

function showError(message, status) {
  const where = message.match(/(\d+):(\d+)/);
  if (where) errorLine = Number(where[1]) - 1;
  $("error").textContent = `Error ${status}: ${message}`;
  $("error").hidden = false;
}

async function labelsFor(iris) {
  if (!iris.length) return {};
  const response = await fetch("/labels", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(iris)});
  return response.ok ? response.json() : {};
}

function cellHtml(cell, labels) {
  if (!cell) return "";
  if (cell.type === "uri") {
    const label = escapeHtml(labels[cell.value] || cell.value);
    const page = cell.value.split("/id/");
    return page.length === 2 && !page[1].includes("#") ? `<a class="entity" href="/page/${page[1]}">${label}</a>` : label;
  }
  return escapeHtml(cell.value);
}

async function renderTable() {
  $("views").hidden = !lastResult.results;
  if (lastResult.boolean !== undefined) { $("results").innerHTML = `<p class="boolean">${lastResult.boolean}</p>`; return; }
  const vars = lastResult.head.vars, rows = lastResult.results.bindings;
  const iris = [...new Set(rows.slice(0, 1000).flatMap((r) => Object.values(r).filter((c) => c.type === "uri").map((c) => c.value)))];
  const labels = await labelsFor(iris);
  const head = vars.map((v) => `<th>${escapeHtml(v)}</th>`).join("");
  const body = rows.map((r) => `<tr>${vars.map((v) => `<td>${cellHtml(r[v], labels)}</td>`).join("")}</tr>`).join("");
  $("results").innerHTML = `<table class="members results"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function renderChart() {
  const vars = lastResult.head.vars, rows = lastResult.results.bindings;
  const numeric = vars.find((v) => rows.length && rows.every((r) => r[v] && !isNaN(Number(r[v].value))));
  const label = vars.find((v) => v !== numeric);
  if (!numeric) { $("results").innerHTML = "<p>No numeric column to chart.</p>"; return; }
  const most = Math.max(...rows.map((r) => Number(r[numeric].value)), 1);
  const bars = rows.slice(0, 60).map((r, i) => {
    const width = (Number(r[numeric].value) / most) * 400;
    const name = escapeHtml(label && r[label] ? r[label].value.split("/").pop() : String(i + 1));
    return `<text x="0" y="${i * 20 + 14}" font-size="11">${name}</text><rect class="bar" x="200" y="${i * 20 + 3}" width="${width}" height="14"></rect>` +
      `<text x="${205 + width}" y="${i * 20 + 14}" font-size="11">${r[numeric].value}</text>`;
  }).join("");
  $("results").innerHTML = `<svg class="chart" width="700" height="${Math.min(rows.length, 60) * 20 + 10}">${bars}</svg>`;
}

function renderTimeline() {
  const vars = lastResult.head.vars, rows = lastResult.results.bindings;
  const dated = vars.find((v) => rows.length && rows.every((r) => !r[v] || /^\d{4}(-\d\d)?(-\d\d)?/.test(r[v].value)));
  if (!dated) { $("results").innerHTML = "<p>No date column for a timeline.</p>"; return; }
  const years = {};
  for (const r of rows) if (r[dated]) years[r[dated].value.slice(0, 4)] = (years[r[dated].value.slice(0, 4)] || 0) + 1;
  const keys = Object.keys(years).sort(), most = Math.max(...Object.values(years));
  const bars = keys.map((y, i) => `<rect class="bar" x="${10 + i * 24}" y="${110 - (years[y] / most) * 90}" width="18" height="${(years[y] / most) * 90}"><title>${y}: ${years[y]}</title></rect>` +
    `<text x="${19 + i * 24}" y="125" font-size="9" text-anchor="middle">${y}</text>`).join("");
  $("results").innerHTML = `<p>Rows per year of <code>?${escapeHtml(dated)}</code></p><svg class="chart" width="${20 + keys.length * 24}" height="135">${bars}</svg>`;
}

function renderMap() {
  const vars = lastResult.head.vars, rows = lastResult.results.bindings;
  const lat = vars.find((v) => /^lat/i.test(v)), long = vars.find((v) => /^(long|lon|lng)/i.test(v));
  if (!lat || !long) { $("results").innerHTML = "<p>Name two columns ?lat and ?long to see points on a map.</p>"; return; }
  const points = rows.filter((r) => r[lat] && r[long]).map((r) => [Number(r[lat].value), Number(r[long].value), r]);
  const label = vars.find((v) => v !== lat && v !== long);
  const lats = points.map((p) => p[0]), longs = points.map((p) => p[1]);
  const [south, north, west, east] = [Math.min(...lats) - 2, Math.max(...lats) + 2, Math.min(...longs) - 2, Math.max(...longs) + 2];
  const x = (lo) => 10 + ((lo - west) / (east - west)) * 620, y = (la) => 10 + ((north - la) / (north - south)) * 340;
  const dots = points.map(([la, lo, r]) => `<circle cx="${x(lo)}" cy="${y(la)}" r="5" fill="#c2410c"><title>${escapeHtml(label && r[label] ? r[label].value : `${la}, ${lo}`)}</title></circle>`).join("");
  $("results").innerHTML = `<svg class="chart" width="640" height="360" style="background:#eef3f8">${dots}</svg>`;
}

async function complete() {
  const upto = editor.value.slice(0, editor.selectionStart);
  const pname = upto.match(/([A-Za-z][\w-]*):([\w-]*)$/);
  const word = upto.match(/([^\s{}().;,]{2,})$/);
  let items = [];
  if (pname && prefixes.includes(pname[1])) {
    const response = await fetch(`/complete?${new URLSearchParams({prefix: pname[1], q: pname[2]})}`);
    items = (await response.json()).map((t) => ({text: t.label ? `${t.name}  — ${t.label}` : t.name, insert: t.name, replace: pname[0].length}));
  } else if (word) {
    const response = await fetch(`/search?${new URLSearchParams({q: word[1], format: "json"})}`);
    items = (await response.json()).hits.map((h) => ({text: `${h.label} (${h.kind})`, insert: `<${h.iri}>`, replace: word[1].length}));
  }
  showCompletions(items.slice(0, 15));
}

function showCompletions(items) {
  const list = $("completions");
  list.innerHTML = "";
  list.hidden = !items.length;
  items.forEach((item, index) => {
    const li = document.createElement("li");
    li.textContent = item.text;
    if (index === 0) li.className = "active";
    li.addEventListener("mousedown", (event) => { event.preventDefault(); accept(item); });
    list.appendChild(li);
  });
  list.items = items;
}

function accept(item) {
  const at = editor.selectionStart;
  editor.setRangeText(item.insert, at - item.replace, at, "end");
  $("completions").hidden = true;
  highlight();
  editor.focus();
}

editor.addEventListener("input", () => { errorLine = null; highlight(); });
editor.addEventListener("scroll", () => { $("highlight").scrollTop = editor.scrollTop; });
editor.addEventListener("keydown", (event) => {
  const list = $("completions");
  if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); run(); }
  else if (event.ctrlKey && event.key === " ") { event.preventDefault(); complete(); }
  else if (!list.hidden && (event.key === "Enter" || event.key === "Tab")) { event.preventDefault(); accept(list.items[0]); }
  else if (event.key === "Escape") list.hidden = true;
});
$("run").addEventListener("click", run);
$("pin").addEventListener("change", () => { $("permalink").href = permalink(); });
$("examples").addEventListener("change", (event) => {
  if (event.target.value === "") return;
  editor.value = examples[Number(event.target.value)];
  highlight();
});
for (const button of document.querySelectorAll("#views button")) {
  button.addEventListener("click", () => {
    document.querySelectorAll("#views button").forEach((b) => b.classList.toggle("active", b === button));
    const views = {chart: renderChart, timeline: renderTimeline, map: renderMap};
    (views[button.dataset.view] || renderTable)();
  });
}
highlight();
$("permalink").href = permalink();
if (new URLSearchParams(location.search).get("query")) run();
