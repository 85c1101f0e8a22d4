// vigil's desk: one page per question, each view's state in its URL. Data comes from the
// JSON API of the same server. Every string from the store, the lists or a news text is
// set with textContent or as an attribute value, never parsed as HTML; only http(s) URLs
// become links.
"use strict";

const TOKEN_KEY = "vigil.token";
const LAST_VISIT_KEY = "vigil.lastVisit";
const main = document.getElementById("main");

// ---- DOM and URLs ---------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "href") e.setAttribute("href", v);
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function svgEl(tag, attrs) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  return e;
}

// An outside URL as a link, only when it is http or https; anything else stays text.
function outLink(text, url) {
  let safe = null;
  try {
    const u = new URL(url);
    if (u.protocol === "http:" || u.protocol === "https:") safe = u.href;
  } catch (_) { /* not a URL */ }
  if (!safe) return document.createTextNode(text);
  return el("a", { href: safe, rel: "noopener noreferrer nofollow", target: "_blank" }, text);
}

// A link inside the desk.
function here(text, path, query) {
  return el("a", { href: withQuery(path, query) }, text);
}

function withQuery(path, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? path + "?" + s : path;
}

function go(path, query) {
  history.pushState(null, "", withQuery(path, query));
  render();
}

function params() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

document.addEventListener("click", (ev) => {
  const a = ev.target.closest("a");
  if (!a || a.target || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
  const href = a.getAttribute("href") || "";
  if (!href.startsWith("/") || href.startsWith("/api/")) return;
  ev.preventDefault();
  history.pushState(null, "", href);
  render();
});
window.addEventListener("popstate", render);

// ---- the API ------------------------------------------------------------------------

async function api(path, init) {
  const headers = Object.assign({}, (init && init.headers) || {});
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers["Authorization"] = "Bearer " + token;
  const resp = await fetch(path, Object.assign({}, init || {}, { headers }));
  const catalog = resp.headers.get("x-vigil-catalog");
  if (catalog) document.getElementById("catalog").textContent = "Store catalog " + catalog;
  if (resp.status === 401) throw new ApiError(401, "unauthorized", "This server needs a token.");
  if (!resp.ok) {
    let body = {};
    try { body = await resp.json(); } catch (_) { /* not JSON */ }
    throw new ApiError(resp.status, body.code || "error", body.message || resp.statusText);
  }
  return resp;
}

class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

async function getJson(path) { return (await api(path)).json(); }

// An SVG chart vigil drew, shown as an image (an image runs no script).
async function chartImage(path, alt) {
  const blob = await (await api(path)).blob();
  const img = el("img", { alt });
  img.src = URL.createObjectURL(blob);
  return el("div", { class: "chart" }, img);
}

function showError(where, e) {
  if (e instanceof ApiError && e.status === 401) {
    const input = el("input", { type: "password", autocomplete: "off" });
    where.append(el("p", { class: "error" }, "This server needs its bearer token. "),
      el("form", { class: "bar", onsubmit: (ev) => { ev.preventDefault(); sessionStorage.setItem(TOKEN_KEY, input.value); render(); } },
        el("label", {}, "Token", input), el("button", {}, "Use")));
    return;
  }
  where.append(el("p", { class: "error" }, e.message || String(e)));
}

// ---- shared pieces ------------------------------------------------------------------

const QUADS = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const ROOTS = ["01 make statement", "02 appeal", "03 express intent to cooperate", "04 consult", "05 diplomatic cooperation",
  "06 material cooperation", "07 provide aid", "08 yield", "09 investigate", "10 demand", "11 disapprove", "12 reject",
  "13 threaten", "14 protest", "15 exhibit force posture", "16 reduce relations", "17 coerce", "18 assault", "19 fight",
  "20 unconventional mass violence"];

function sparkline(values, title) {
  const w = 150, h = 26, n = values.length;
  const max = Math.max(1, ...values);
  const svg = svgEl("svg", { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: "img" });
  const t = svgEl("title"); t.textContent = title; svg.append(t);
  if (n > 0) {
    const pts = values.map((v, i) => `${n === 1 ? w / 2 : (i * (w - 4)) / (n - 1) + 2},${h - 2 - (v / max) * (h - 4)}`).join(" ");
    svg.append(svgEl("polyline", { points: pts, fill: "none", stroke: "#1570ef", "stroke-width": 1.5 }));
  }
  return svg;
}

function severityBadge(s) { return el("span", { class: "badge sev-" + s }, s); }

function table(headers, rows) {
  return el("div", { class: "scroll" }, el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows)));
}

function fmt(x, digits) {
  if (x === null || x === undefined) return "";
  return typeof x === "number" ? (Number.isInteger(x) ? String(x) : x.toFixed(digits === undefined ? 2 : digits)) : String(x);
}

function countryInput(name, value) {
  return el("input", { class: "code", name, value: value || "", list: "iso3", maxlength: 3, autocomplete: "off", "aria-label": name });
}

async function countryList() {
  if (document.getElementById("iso3")) return;
  const doc = await getJson("/api/v1/openapi.json");
  const codes = ((doc.components || {}).schemas || {}).Iso3 || {};
  document.body.append(el("datalist", { id: "iso3" }, (codes.enum || []).map((c) => el("option", { value: c }))));
}

function formValues(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) if (String(v).trim() !== "") out[k] = String(v).trim();
  return out;
}

// ---- Overview -----------------------------------------------------------------------

async function overview() {
  main.append(el("h1", {}, "Overview"));
  const o = await getJson("/api/v1/overview?latest=5");
  const lastVisit = localStorage.getItem(LAST_VISIT_KEY);
  const since = lastVisit ? new Date(lastVisit) : null;
  const isNew = (a) => since !== null && a.updated && new Date(a.updated) > since;
  const changed = o.monitors.flatMap((m) => m.latest).filter(isNew).length;
  main.append(el("p", { class: "muted" }, "Watchlist: ", o.watchlist, ". ",
    since ? `Since your last visit (${since.toISOString().slice(0, 16).replace("T", " ")} UTC): ${changed} new or changed alerts among the latest.`
      : "First visit from this browser: alerts raised or changed after now will be marked new next time."));
  const grid = el("div", { class: "grid" });
  for (const m of o.monitors) {
    const card = el("section", { class: "card", id: "monitor-" + m.monitor });
    card.append(el("h2", {}, m.monitor),
      el("div", {}, ["high", "medium", "low"].map((s) => el("span", { class: "badge sev-" + s }, `${m.severity[s] || 0} ${s}`))));
    const list = el("ul", { class: "plain" });
    for (const a of m.latest) {
      list.append(el("li", {}, severityBadge(a.severity), isNew(a) ? el("span", { class: "badge new" }, "new") : null,
        here(`${a.countries.join("–")} ${a.period.start}`, "/alerts", { id: a.id }), " ", el("span", { class: "muted" }, a.summary)));
    }
    if (!m.latest.length) list.append(el("li", { class: "muted" }, "No alerts stored."));
    card.append(list);
    if (m.series.length) {
      const first = m.period_starts[0] || "", last = m.period_starts[m.period_starts.length - 1] || "";
      card.append(el("p", { class: "muted" }, `Events it counted per period, ${first} to ${last}:`));
      for (const s of m.series) {
        const total = s.counts.reduce((x, y) => x + y, 0);
        card.append(el("div", { class: "spark" }, el("span", {}, s.subject), sparkline(s.counts, `${s.subject}: ${total} events`), `${total}`));
      }
    }
    grid.append(card);
  }
  main.append(grid);
  localStorage.setItem(LAST_VISIT_KEY, new Date().toISOString());
}

// ---- Dyad ---------------------------------------------------------------------------

async function dyad() {
  const p = params();
  main.append(el("h1", {}, "Dyad"));
  await countryList();
  const freq = el("select", { name: "freq" }, ["month", "week", "day"].map((f) => el("option", { value: f, selected: (p.freq || "month") === f }, f)));
  const quad = el("select", { name: "quad" }, el("option", { value: "" }, "all"),
    Object.entries(QUADS).map(([k, v]) => el("option", { value: k, selected: p.quad === k }, v)));
  const root = el("select", { name: "root" }, el("option", { value: "" }, "all"),
    ROOTS.map((r) => el("option", { value: r.slice(0, 2), selected: p.root === r.slice(0, 2) }, r)));
  const form = el("form", { class: "bar", id: "dyad-form", onsubmit: (ev) => { ev.preventDefault(); go("/dyad", formValues(form)); } },
    el("label", {}, "Country A", countryInput("a", p.a)),
    el("label", {}, "Country B", countryInput("b", p.b)),
    el("label", {}, "From", el("input", { type: "date", name: "from", value: p.from || "" })),
    el("label", {}, "To", el("input", { type: "date", name: "to", value: p.to || "" })),
    el("label", {}, "Periods", freq),
    el("label", {}, "Events: quad class", quad),
    el("label", {}, "CAMEO root", root),
    el("button", { type: "submit" }, "Show"));
  main.append(form);
  if (!p.a || !p.b) {
    main.append(el("p", { class: "muted" }, "Pick two countries (ISO 3166 alpha-3, e.g. PRK and RUS) and, if you like, a period."));
    return;
  }
  const a = p.a.toUpperCase(), b = p.b.toUpperCase();
  const q = { a, b, from: p.from, to: p.to, freq: p.freq };
  const report = await getJson(withQuery("/api/v1/dyad", q));
  main.append(el("h2", {}, `${a}–${b}, ${report.from} to ${report.to}`));
  main.append(el("div", { class: "links" },
    el("a", { href: withQuery("/api/v1/dyad", Object.assign({}, q, { format: "csv" })), download: `${a}-${b}-series.csv` }, "Series as CSV"),
    el("a", { href: withQuery("/api/v1/dyad", Object.assign({}, q, { format: "svg" })), download: `${a}-${b}-chart.svg` }, "Chart as SVG"),
    el("a", { href: withQuery("/api/v1/events", { dyad: `${a},${b}`, from: p.from, to: p.to, quad: p.quad, code: p.root, format: "csv", limit: 1000 }), download: `${a}-${b}-events.csv` }, "Events as CSV")));
  main.append(await chartImage(withQuery("/api/v1/dyad", Object.assign({}, q, { format: "svg" })), `${a}–${b} cooperation and conflict indices`));
  const flagged = new Set(report.anomalies.map((x) => x.period));
  const changes = new Map();
  for (const [label, list] of Object.entries(report.change_points)) for (const c of list) changes.set(c.period, (changes.get(c.period) || []).concat(label.replace("_index", "")));
  main.append(el("h2", {}, "Series"));
  main.append(table(["period", `${a}→${b}`, `${b}→${a}`, "events", "cooperation index", "conflict index", "Goldstein mean", "marks"],
    report.points.map((pt) => el("tr", { "data-period": pt.period },
      el("td", {}, pt.period), el("td", { class: "num" }, pt.a_to_b), el("td", { class: "num" }, pt.b_to_a), el("td", { class: "num" }, pt.events),
      el("td", { class: "num" }, fmt(pt.cooperation_index)), el("td", { class: "num" }, fmt(pt.conflict_index)), el("td", { class: "num" }, fmt(pt.goldstein_mean)),
      el("td", {}, [flagged.has(pt.period) ? "anomaly" : null, ...(changes.get(pt.period) || []).map((c) => `${c} change`)].filter(Boolean).join(", "))))));
  if (report.anomalies.length) {
    main.append(el("h2", {}, "Anomalous periods and the events behind them"));
    for (const an of report.anomalies) {
      main.append(el("p", {}, el("strong", {}, an.period), ` — ${an.events} events against a baseline of ${fmt(an.baseline, 1)} (z ${fmt(an.z, 1)})`));
      main.append(eventsTable(an.top_events.map((e) => ({ date: e.date, actor1_code: e.actor1_code, event_code: e.event_code, actor2_code: e.actor2_code, quad_class: e.quad_class, evidence: e.evidence, url: e.url }))));
    }
  }
  // One row per real-world event (an evidence cluster: same actors either way, same CAMEO
  // root, same or adjacent days), most reported first.
  const filter = { dyad: `${a},${b}`, from: p.from, to: p.to, quad: p.quad, code: p.root };
  const cresp = await api(withQuery("/api/v1/events", Object.assign({}, filter, { clusters: "true", limit: 20 })));
  const clusters = await cresp.json();
  main.append(el("h2", {}, "Most reported events"));
  main.append(el("p", { class: "muted" }, `${cresp.headers.get("X-Total-Events") || "?"} events report ${cresp.headers.get("X-Total-Clusters") || "?"} distinct happenings; the most reported:`));
  main.append(el("div", { id: "clusters" }, table(["days", "actors", "event", "reports", "sources", "most reported report", "link"],
    clusters.map((c) => el("tr", { "data-cluster": `${c.first}/${c.actor1}/${c.actor2 || ""}/${c.root || ""}` },
      el("td", {}, c.first === c.last ? c.first : `${c.first} to ${c.last}`), el("td", {}, [c.actor1, c.actor2].filter(Boolean).join("–")),
      el("td", {}, `${c.root || ""} ${c.event || ""}`), el("td", { class: "num" }, c.reports), el("td", { class: "num" }, c.sources),
      el("td", { class: "sentence" }, c.evidence || ""), el("td", {}, c.url ? outLink("source", c.url) : ""))))));
  main.append(el("h2", {}, "Events"));
  const holder = el("div", {});
  main.append(holder);
  await moreEvents(holder, Object.assign({}, filter, { limit: 50 }));
}

function eventsTable(rows) {
  return table(["date", "source", "event", "target", "quad", "evidence", "link"],
    rows.map((e) => el("tr", {},
      el("td", {}, e.date), el("td", {}, e.actor1_code || "---"), el("td", {}, e.event_code || ""), el("td", {}, e.actor2_code || "---"),
      el("td", {}, QUADS[e.quad_class] || ""), el("td", { class: "sentence" }, e.evidence || ""),
      el("td", {}, e.url ? outLink("source", e.url) : ""))));
}

async function moreEvents(holder, query, cursor) {
  const resp = await api(withQuery("/api/v1/events", Object.assign({}, query, { cursor })));
  const rows = await resp.json();
  const next = resp.headers.get("x-next-cursor");
  holder.append(rows.length ? eventsTable(rows) : el("p", { class: "muted" }, "No events."));
  if (next) {
    const btn = el("button", { onclick: async () => { btn.remove(); await moreEvents(holder, query, next); } }, "More events");
    holder.append(btn);
  }
}

// ---- Alerts -------------------------------------------------------------------------

async function alerts() {
  const p = params();
  if (p.id) return alertDetail(p.id);
  main.append(el("h1", {}, "Alerts"));
  const monitor = el("select", { name: "monitor" }, el("option", { value: "" }, "all monitors"),
    ["escalation", "sanctions", "collaboration", "proliferation", "alliances"].map((m) => el("option", { value: m, selected: p.monitor === m }, m)));
  const form = el("form", { class: "bar", onsubmit: (ev) => { ev.preventDefault(); go("/alerts", formValues(form)); } },
    el("label", {}, "Monitor", monitor), el("label", {}, "Ending on or after", el("input", { type: "date", name: "since", value: p.since || "" })),
    el("button", {}, "Show"));
  main.append(form);
  const list = await getJson(withQuery("/api/v1/alerts", { monitor: p.monitor, since: p.since, limit: 1000 }));
  list.reverse();
  main.append(el("p", { class: "muted" }, `${list.length} alerts, newest period first.`));
  main.append(table(["severity", "monitor", "countries", "period", "score", "summary"],
    list.map((a) => el("tr", {}, el("td", {}, severityBadge(a.severity)), el("td", {}, a.monitor), el("td", {}, a.countries.join("–")),
      el("td", {}, here(`${a.period.start} to ${a.period.end}`, "/alerts", { id: a.id })), el("td", { class: "num" }, fmt(a.score, 1)),
      el("td", { class: "sentence" }, a.summary)))));
}

async function alertDetail(id) {
  const all = await getJson("/api/v1/alerts?limit=1000");
  const a = all.find((x) => x.id === id);
  main.append(el("p", {}, here("← all alerts", "/alerts")));
  if (!a) { main.append(el("p", { class: "error" }, "No stored alert has this id.")); return; }
  main.append(el("h1", {}, `${a.monitor}: ${a.countries.join("–")}, ${a.period.start} to ${a.period.end}`));
  const finding = a.tripwire
    ? ` ${fmt(a.observed, 0)} report${a.observed === 1 ? "" : "s"} of one event.`
    : ` score ${fmt(a.score, 2)}; observed ${fmt(a.observed, 1)} against ${fmt(a.baseline, 1)} expected.`;
  const raised = a.raised ? ` A live run would have raised it on ${a.raised}.` : "";
  main.append(el("p", {}, severityBadge(a.severity), `${finding}${raised} First raised ${a.first_seen}, last changed ${a.updated} (revision ${a.revision}).`));
  main.append(el("p", { class: "sentence" }, a.summary));
  if (a.countries.length >= 2) {
    const start = new Date(a.period.start + "T00:00:00Z");
    start.setUTCFullYear(start.getUTCFullYear() - 1);
    main.append(el("p", {}, here(`Open the ${a.countries[0]}–${a.countries[1]} dyad around this period`, "/dyad",
      { a: a.countries[0], b: a.countries[1], from: start.toISOString().slice(0, 10), to: a.period.end })));
  } else if (a.countries.length === 1) {
    main.append(el("p", {}, here(`Events of ${a.countries[0]} in this period`, "/dyad", { a: a.countries[0] })));
  }
  if (a.tripwire) {
    const also = (a.also || []).length ? ` (also answers ${a.also.join(", ")})` : "";
    main.append(el("p", {}, `Raised by the tripwire rule ${a.tripwire}: any matching event alerts, once per real-world event${also}.`));
  }
  const groups = { driver: "Events behind it", reaction: "Neighbours' reactions", before: "Before the change", change: "After the change", tripwire: "The event and its reports" };
  const kinds = [...new Set(a.evidence.map((e) => e.kind))];
  // Each row cites one real-world event (an evidence cluster): how many reports stand behind it.
  const reports = (e) => e.cluster
    ? `${e.cluster.reports} report${e.cluster.reports === 1 ? "" : "s"}, ${e.cluster.sources} source${e.cluster.sources === 1 ? "" : "s"}${e.cluster.first === e.cluster.last ? "" : `, ${e.cluster.first} to ${e.cluster.last}`}`
    : "";
  for (const kind of kinds) {
    main.append(el("h2", {}, groups[kind] || kind));
    main.append(table(["date", "source", "event", "target", "reports", "why it counts", "sentence", "link"],
      a.evidence.filter((e) => e.kind === kind).map((e) => el("tr", {},
        el("td", {}, e.date), el("td", {}, e.actor1 || "---"), el("td", {}, `${e.event_code} ${e.event_name}`), el("td", {}, e.actor2 || "---"),
        el("td", {}, reports(e)),
        el("td", { class: "sentence" }, e.why), el("td", { class: "sentence" }, e.sentence || ""), el("td", {}, e.url ? outLink("source", e.url) : "")))));
  }
  if (!a.evidence.length) main.append(el("p", { class: "muted" }, "No evidence events stored with this alert."));
}

// ---- Blocs --------------------------------------------------------------------------

async function blocs() {
  const p = params();
  main.append(el("h1", {}, "Blocs"));
  const input = (name, label) => el("label", {}, label, el("input", { type: "date", name, value: p[name] || "" }));
  const form = el("form", { class: "bar", onsubmit: (ev) => { ev.preventDefault(); go("/blocs", formValues(form)); } },
    input("from", "From"), input("to", "To"), input("compare_from", "Compare from"), input("compare_to", "Compare to"),
    el("label", {}, "Fewest events per tie", el("input", { type: "number", name: "min_events", min: 1, value: p.min_events || "" })),
    el("button", {}, "Show"));
  main.append(form);
  const q = { from: p.from, to: p.to, compare_from: p.compare_from, compare_to: p.compare_to, min_events: p.min_events };
  const r = await getJson(withQuery("/api/v1/blocs", q));
  main.append(el("p", { class: "muted" }, `${r.countries} countries, ${r.blocs.length} blocs, modularity ${fmt(r.modularity, 3)}.`));
  main.append(await chartImage(withQuery("/api/v1/blocs", Object.assign({}, q, { format: "svg" })), "Blocs by net cooperation"));
  const moved = new Set(((r.compare || {}).moved || []).map((m) => m.country));
  main.append(table(["bloc", "members", "strongest ties"], r.blocs.map((b, i) => el("tr", {},
    el("td", {}, String(i + 1)),
    el("td", {}, b.members.map((m) => el("span", { class: moved.has(m) ? "moved" : null }, m + " "))),
    el("td", {}, b.strongest_ties.map((t) => `${t[0]}–${t[1]} ${fmt(t[2], 1)}`).join("; "))))));
  if (r.compare) {
    const c = r.compare;
    main.append(el("h2", {}, "Compared with the second window"));
    main.append(el("p", {}, c.moved.length ? `Moved: ${c.moved.map((m) => `${m.country} (bloc ${m.from_bloc + 1} to ${m.to_bloc + 1})`).join("; ")}` : "No country changed bloc."));
    main.append(table(["bloc (second window)", "members"], c.blocs.map((b, i) => el("tr", {}, el("td", {}, String(i + 1)),
      el("td", {}, b.members.map((m) => el("span", { class: moved.has(m) ? "moved" : null }, m + " ")))))));
    const ties = (label, list) => list.length ? [el("h2", {}, label), table(["pair", "change"], list.map((t) => el("tr", {}, el("td", {}, `${t.a}–${t.b}`), el("td", { class: "num" }, fmt(t.change, 1)))))] : [];
    main.append(...ties("Ties strengthened", c.strengthened), ...ties("Ties weakened", c.weakened));
  }
}

// ---- Sanctions ----------------------------------------------------------------------

async function sanctions() {
  const p = params();
  main.append(el("h1", {}, "Sanctions screening"));
  const schema = el("select", { name: "schema" }, ["any", "person", "company", "vessel", "airplane"].map((s) => el("option", { value: s, selected: (p.schema || "any") === s }, s)));
  const form = el("form", { class: "bar", id: "screen-form", onsubmit: (ev) => { ev.preventDefault(); go("/sanctions", formValues(form)); } },
    el("label", {}, "Name (any script)", el("input", { name: "name", value: p.name || "", size: 28 })),
    el("label", {}, "Kind", schema),
    el("label", {}, "Born (YYYY[-MM[-DD]])", el("input", { name: "birth_date", value: p.birth_date || "", size: 10 })),
    el("label", {}, "Country", el("input", { class: "code", name: "country", value: p.country || "" })),
    el("button", {}, "Screen"));
  main.append(form);
  if (!p.name) return;
  const res = await getJson(withQuery("/api/v1/screen", { name: p.name, schema: p.schema === "any" ? "" : p.schema, birth_date: p.birth_date, country: p.country, limit: 10 }));
  const matches = res[0].matches;
  main.append(el("p", { class: "muted" }, `${matches.length} listed entities score 0.8 or more.`));
  for (const m of matches) {
    const card = el("section", { class: "card match" });
    card.append(el("h2", {}, here(m.caption, "/entity", { id: m.entity_id }), " ", el("span", { class: "badge sev-low" }, fmt(m.score, 3))),
      el("p", { class: "muted" }, `${m.schema}, ${m.dataset}${m.programs.length ? ", " + m.programs.join(", ") : ""}; matched name: ${m.matched_name}`),
      table(["query token", "listed token", "similarity", "how"], m.token_pairs.map((t) => el("tr", {}, el("td", {}, t[0]), el("td", {}, t[1]), el("td", { class: "num" }, fmt(t[2], 2)), el("td", {}, t[3])))),
      el("ul", { class: "plain" }, m.features.map((f) => el("li", {}, `${f.feature}: ${f.detail} (${f.contribution >= 0 ? "+" : ""}${fmt(f.contribution, 3)})`))));
    main.append(card);
  }
}

async function entity() {
  const p = params();
  if (!p.id) { go("/sanctions", {}); return; }
  const e = await getJson("/api/v1/entities/" + encodeURIComponent(p.id));
  main.append(el("p", {}, here("← screening", "/sanctions")));
  main.append(el("h1", {}, e.caption));
  const facts = [["kind", e.schema], ["list", e.dataset], ["names", (e.names || []).join("; ")], ["born", (e.birth_dates || []).join(", ")],
    ["countries", (e.countries || []).join(", ")], ["programmes", (e.programs || []).join(", ")]].filter((f) => f[1]);
  main.append(el("div", { class: "scroll" }, el("table", {}, el("tbody", {}, facts.map((f) => el("tr", {}, el("th", {}, f[0]), el("td", { class: "sentence" }, f[1])))))));
  const resp = await api(withQuery(`/api/v1/entities/${encodeURIComponent(p.id)}/links`, { depth: 1, limit: 200 }));
  const page = await resp.json();
  const total = resp.headers.get("x-total-count");
  main.append(el("h2", {}, `Links (${total})`));
  if (page.links.length) main.append(linkGraph(p.id, e.caption, page.links));
  main.append(table(["link", "from", "to", "role", "date"], page.links.map((l) => el("tr", {},
    el("td", {}, l.link.schema), el("td", {}, l.link.from === p.id ? e.caption : here(l.link.from, "/entity", { id: l.link.from })),
    el("td", {}, l.link.to === p.id ? e.caption : here(l.link.to, "/entity", { id: l.link.to })),
    el("td", {}, l.link.role || ""), el("td", {}, l.link.date || "")))));
  if (total && Number(total) > page.links.length) main.append(el("p", { class: "muted" }, `The first ${page.links.length} of ${total} links are shown; the API pages through all of them.`));
  const named = await getJson(withQuery(`/api/v1/entities/${encodeURIComponent(p.id)}/events`, { limit: 50 }));
  main.append(el("h2", {}, `Events that name it (${named.length}${named.length === 50 ? "+" : ""})`));
  main.append(named.length ? el("div", { id: "entity-events" }, eventsTable(named)) : el("p", { class: "muted" }, "No stored event names it."));
}

// The entity in the middle, its neighbours around it (at most 40 drawn).
function linkGraph(id, caption, links) {
  const others = [...new Set(links.map((l) => (l.link.from === id ? l.link.to : l.link.from)))].slice(0, 40);
  const W = 640, H = 420, cx = W / 2, cy = H / 2, R = 160;
  const svg = svgEl("svg", { class: "graph", viewBox: `0 0 ${W} ${H}`, role: "img" });
  others.forEach((o, i) => {
    const t = (2 * Math.PI * i) / others.length;
    const x = cx + R * Math.cos(t), y = cy + R * Math.sin(t);
    svg.append(svgEl("line", { x1: cx, y1: cy, x2: x, y2: y, stroke: "#98a2b3" }));
    svg.append(svgEl("circle", { cx: x, cy: y, r: 5, fill: "#1570ef" }));
    const label = svgEl("text", { x: x + (Math.cos(t) >= 0 ? 8 : -8), y: y + 4, "font-size": 10, "text-anchor": Math.cos(t) >= 0 ? "start" : "end" });
    label.textContent = o.length > 18 ? o.slice(0, 17) + "…" : o;
    svg.append(label);
  });
  svg.append(svgEl("circle", { cx, cy, r: 9, fill: "#b42318" }));
  const me = svgEl("text", { x: cx, y: cy - 14, "font-size": 12, "text-anchor": "middle", "font-weight": 600 });
  me.textContent = caption;
  svg.append(me);
  return svg;
}

// ---- Text ---------------------------------------------------------------------------

async function text() {
  const p = params();
  main.append(el("h1", {}, "Code a text"));
  const area = el("textarea", { name: "text", id: "text-input", placeholder: "Paste a news article" });
  area.value = p.text || "";
  const form = el("form", { id: "text-form", onsubmit: (ev) => { ev.preventDefault(); go("/text", { text: area.value.slice(0, 4000), date: dateInput.value }); } });
  const dateInput = el("input", { type: "date", name: "date", value: p.date || "" });
  form.append(area, el("div", { class: "bar" }, el("label", {}, "Date of the text (default today)", dateInput), el("button", {}, "Code")));
  main.append(form);
  if (!p.text) return;
  const body = { text: p.text };
  if (p.date) body.date = p.date;
  const events = await (await api("/api/v1/code", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })).json();
  main.append(el("p", { class: "legend" }, `${events.length} events. `, el("mark", { class: "src" }, "source"), " ", el("mark", { class: "verb" }, "verb"), " ", el("mark", { class: "tgt" }, "target")));
  const chars = Array.from(p.text);
  const bySentence = new Map();
  for (const e of events) {
    const k = e.sentence_chars.join(":");
    if (!bySentence.has(k)) bySentence.set(k, []);
    bySentence.get(k).push(e);
  }
  for (const [k, evs] of bySentence) {
    const [s0, s1] = k.split(":").map(Number);
    const mark = new Array(s1 - s0).fill(null);
    for (const e of evs) {
      for (const [span, cls] of [[e.source_chars, "src"], [e.target_chars, "tgt"], [e.verb_chars, "verb"]]) {
        for (let i = span[0]; i < span[1]; i++) if (i >= s0 && i < s1) mark[i - s0] = cls;
      }
    }
    const para = el("p", { class: "coded" });
    let i = 0;
    while (i < mark.length) {
      let j = i;
      while (j < mark.length && mark[j] === mark[i]) j++;
      const piece = chars.slice(s0 + i, s0 + j).join("");
      para.append(mark[i] ? el("mark", { class: mark[i] }, piece) : piece);
      i = j;
    }
    main.append(para);
    main.append(table(["source", "event", "target", "quad", "hedged", "confidence", "listed"], evs.map((e) => el("tr", {},
      el("td", {}, `${e.source.code} (${e.source.text})`), el("td", {}, `${e.code} ${e.name || ""}`),
      el("td", {}, e.target.code ? `${e.target.code} (${e.target.text})` : "---"), el("td", {}, QUADS[e.quad_class] || ""),
      el("td", {}, e.hedged ? "yes" : "no"), el("td", { class: "num" }, fmt(e.confidence, 2)), el("td", {}, e.listed.join("; "))))));
  }
}

// ---- Brief --------------------------------------------------------------------------

async function brief() {
  const p = params();
  main.append(el("h1", {}, "Brief"));
  const form = el("form", { class: "bar", id: "brief-form", onsubmit: (ev) => { ev.preventDefault(); go("/brief", formValues(form)); } },
    el("label", {}, "ISO week (e.g. 2024-W25)", el("input", { name: "week", value: p.week || "", size: 9 })),
    el("button", {}, "Make the brief"));
  main.append(form);
  main.append(el("p", { class: "muted" }, "Without a week: the seven days ending with the newest stored event. The same brief as `vigil brief`."));
  const q = { week: p.week };
  const b = await getJson(withQuery("/api/v1/brief", Object.assign({}, q, { format: "json" })));
  main.append(el("h2", {}, `${b.from} to ${b.to}`));
  main.append(el("div", { class: "links" },
    el("a", { href: withQuery("/api/v1/brief", q), target: "_blank", rel: "noopener" }, "Open the brief (HTML, to print or send)"),
    el("a", { href: withQuery("/api/v1/brief", Object.assign({}, q, { format: "md" })), download: `brief-${b.from}.md` }, "Markdown")));
  main.append(table(["question", "alerts in the period", "highest"], b.sections.map((s) => el("tr", {},
    el("td", {}, s.question), el("td", { class: "num" }, s.alerts.length),
    el("td", {}, s.alerts.length ? severityBadge(s.alerts[0].severity) : "")))));
  main.append(el("p", {}, `Key dyads: ${b.dyads.map((d) => `${d.a}–${d.b} (${d.events_in_period} events)`).join(", ") || "none with events in the period"}.`));
}

// ---- routing ------------------------------------------------------------------------

const VIEWS = { "/": overview, "/dyad": dyad, "/alerts": alerts, "/blocs": blocs, "/sanctions": sanctions, "/entity": entity, "/text": text, "/brief": brief };
const NAV = { "/": "overview", "/dyad": "dyad", "/alerts": "alerts", "/blocs": "blocs", "/sanctions": "sanctions", "/entity": "sanctions", "/text": "text", "/brief": "brief" };

async function render() {
  const path = location.pathname.replace(/\/+$/, "") || "/";
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.view === NAV[path]);
  main.replaceChildren();
  main.removeAttribute("data-ready");
  const view = VIEWS[path];
  try {
    if (!view) main.append(el("p", { class: "error" }, "No such page."));
    else await view();
  } catch (e) {
    showError(main, e);
  }
  document.title = "vigil — " + (NAV[path] || "not found");
  main.setAttribute("data-ready", "1");
}

render();
