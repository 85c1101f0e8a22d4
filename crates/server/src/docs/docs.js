// Renders /api/v1/openapi.json as a list of operations, each with a form that calls it.
// Every string from the document or from an answer is set with textContent, never as HTML.
"use strict";

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function resolve(doc, schema) {
  if (schema && schema.$ref) return doc.components.schemas[schema.$ref.split("/").pop()];
  return schema || {};
}

function paramRow(p, inputs) {
  const input = el("input", { name: p.name, placeholder: p.example !== undefined ? String(p.example) : "" });
  if (p.schema && p.schema.default !== undefined) input.placeholder = String(p.schema.default);
  inputs.push([p, input]);
  const type = p.schema ? (p.schema.enum ? p.schema.enum.join(" | ") : (p.schema.format || p.schema.type || "")) : "";
  return el("tr", {},
    el("td", {}, el("code", {}, p.name), p.required ? " *" : ""),
    el("td", {}, p.in),
    el("td", {}, type),
    el("td", {}, p.description || ""),
    el("td", {}, input));
}

async function call(method, path, inputs, bodyArea, out, meta) {
  let url = path;
  const query = new URLSearchParams();
  for (const [p, input] of inputs) {
    const v = input.value.trim();
    if (!v) continue;
    if (p.in === "path") url = url.replace("{" + p.name + "}", encodeURIComponent(v));
    else query.append(p.name, v);
  }
  const qs = query.toString();
  if (qs) url += "?" + qs;
  const headers = {};
  const token = document.getElementById("token").value;
  if (token) headers["Authorization"] = "Bearer " + token;
  const init = { method, headers };
  if (bodyArea) { headers["Content-Type"] = "application/json"; init.body = bodyArea.value; }
  meta.textContent = method + " " + url + " …";
  try {
    const resp = await fetch(url, init);
    const type = resp.headers.get("content-type") || "";
    let text = await resp.text();
    if (type.includes("json")) {
      try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (_) { /* shown as sent */ }
    }
    const extra = ["x-vigil-catalog", "x-next-cursor", "x-total-count"]
      .filter(h => resp.headers.get(h))
      .map(h => h + ": " + resp.headers.get(h));
    meta.textContent = [method + " " + url + " → " + resp.status, ...extra].join("\n");
    out.textContent = text.length > 200000 ? text.slice(0, 200000) + "\n… (cut)" : text;
  } catch (e) {
    meta.textContent = "request failed: " + e;
  }
}

function operation(doc, path, method, op) {
  const inputs = [];
  const head = el("h2", {},
    el("span", { class: "method " + method }, method.toUpperCase()),
    el("span", { class: "path" }, path),
    el("span", { class: "summary" }, op.summary || ""));
  const body = el("div", { class: "body" });
  if (op.description) body.append(el("p", {}, op.description));
  const params = op.parameters || [];
  if (params.length) {
    const table = el("table", {}, el("tr", {},
      el("th", {}, "parameter"), el("th", {}, "in"), el("th", {}, "type"), el("th", {}, "meaning"), el("th", {}, "value")));
    for (const p of params) table.append(paramRow(p, inputs));
    body.append(table);
  }
  let bodyArea = null;
  if (op.requestBody) {
    const media = op.requestBody.content["application/json"] || {};
    body.append(el("p", {}, "Request body (JSON):"));
    bodyArea = el("textarea", {});
    bodyArea.value = media.example ? JSON.stringify(media.example, null, 2) : "{}";
    body.append(bodyArea);
  }
  const answers = Object.entries(op.responses || {}).map(([code, r]) => code + " " + (r.description || "")).join("; ");
  body.append(el("p", { class: "meta" }, "Answers: " + answers));
  if (path.endsWith("/stream")) {
    body.append(el("p", {}, "A stream of Server-Sent Events: open it with EventSource or `curl -N`."));
  }
  const meta = el("pre", { class: "meta" });
  const out = el("pre", {});
  const send = el("button", {}, "Send");
  send.addEventListener("click", () => call(method.toUpperCase(), path, inputs, bodyArea, out, meta));
  if (!path.endsWith("/stream")) body.append(send, meta, out);
  const section = el("section", { class: "op" }, head, body);
  head.addEventListener("click", () => section.classList.toggle("open"));
  return section;
}

async function main() {
  const resp = await fetch("/api/v1/openapi.json");
  const doc = await resp.json();
  document.getElementById("title").textContent = doc.info.title + " " + doc.info.version;
  document.getElementById("description").textContent = doc.info.description || "";
  const ops = document.getElementById("ops");
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ["get", "post"]) {
      if (item[method]) ops.append(operation(doc, path, method, item[method]));
    }
  }
}

main().catch(e => { document.getElementById("description").textContent = "Cannot read the API document: " + e; });
