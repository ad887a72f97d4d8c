// The gateway's built-in dashboard (gateway/dashboard.py). Plain JavaScript, no library, no
// build step. Every value from the server is written with textContent or as an SVG attribute,
// never as markup. The admin token is kept in sessionStorage and sent only in the
// Authorization header (never in a URL).
"use strict";

const TOKEN_KEY = "strangler.adminToken";
const LADDER = ["legacy", "shadow", "canary", "reads", "writes", "retired"];
const SVG = "http://www.w3.org/2000/svg";
let contexts = [];
let paused = {};
let busy = false;

function token() { return sessionStorage.getItem(TOKEN_KEY) || ""; }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
  }
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

function say(text, kind) {
  const node = document.getElementById("message");
  node.textContent = text;
  node.className = "message " + (kind || "");
}

async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (token()) headers["Authorization"] = "Bearer " + token();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let answer;
  try {
    answer = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
                                 credentials: "omit", cache: "no-store", redirect: "error" });
  } catch (err) {
    return { status: 0, data: { message: "the gateway did not answer: " + err } };
  }
  let data = null;
  try { data = await answer.json(); } catch (_) { data = { message: answer.statusText }; }
  return { status: answer.status, data };
}

function refusal(what, answer) {
  const d = answer.data || {};
  return `${what} refused (${answer.status}): ${d.message || d.error || "no reason given"}`;
}

// --- contexts ------------------------------------------------------------------------------

function neighbour(stage, step) {
  const i = LADDER.indexOf(stage) + step;
  return i >= 0 && i < LADDER.length ? LADDER[i] : null;
}

function renderContexts() {
  const body = document.querySelector("#contexts tbody");
  body.replaceChildren();
  for (const c of contexts) {
    const next = neighbour(c.stage, 1), back = neighbour(c.stage, -1);
    const held = c.write_hold ? "held" : "";
    const p = paused[c.context];
    const actions = el("td", {});
    const advance = el("button", { type: "button", "data-action": "advance", "data-context": c.context,
                                   disabled: !next || busy }, next ? `Advance to ${next}` : "Advance");
    const rollback = el("button", { type: "button", "data-action": "rollback", "data-context": c.context,
                                    disabled: !back || busy }, back ? `Roll back to ${back}` : "Roll back");
    const pause = el("button", { type: "button", "data-action": p ? "resume" : "pause",
                                 "data-context": c.context, disabled: busy }, p ? "Resume" : "Pause");
    const gates = el("button", { type: "button", "data-action": "gates", "data-context": c.context,
                                 disabled: busy }, "Check gates");
    actions.append(advance, rollback, pause, gates);
    body.append(el("tr", { "data-context": c.context },
      el("td", {}, c.context),
      el("td", { class: "stage", "data-testid": "stage-" + c.context }, c.stage),
      el("td", {}, next || "–"),
      el("td", {}, p ? `paused by ${p.actor || "?"}: ${p.reason || ""}` : ""),
      el("td", {}, held),
      actions));
  }
}

async function loadContexts() {
  if (token()) {
    const answer = await api("GET", "/admin/state");
    if (answer.status === 200) {
      contexts = Object.values(answer.data.contexts);
      document.getElementById("mode").textContent =
        `Token accepted: full view (config ${answer.data.config_version}).`;
      renderContexts();
      return;
    }
    document.getElementById("mode").textContent = refusal("the token was", answer) + " Read-only view.";
  }
  const open = await api("GET", "/dashboard/stages");
  if (open.status === 200) contexts = open.data.contexts;
  if (!token()) {
    document.getElementById("mode").textContent =
      "Read-only: contexts and stages only. Enter the admin token to see gates, charts and the audit trail, and to act.";
  }
  renderContexts();
}

// --- actions -------------------------------------------------------------------------------

function who() {
  return { actor: document.getElementById("actor").value.trim() || "dashboard",
           reason: document.getElementById("reason").value.trim() || "changed from the dashboard" };
}

async function changeStage(name, step) {
  const ctx = contexts.find((c) => c.context === name);
  if (!ctx) return;
  const target = neighbour(ctx.stage, step);
  if (!target) return;
  say(`${name}: ${ctx.stage} → ${target}: judging the gates …`);
  const answer = await api("POST", `/admin/contexts/${encodeURIComponent(name)}/stage`,
                           { stage: target, expected_stage: ctx.stage, ...who() });
  if (answer.status === 200) say(`${name}: ${ctx.stage} → ${answer.data.stage}: the gates passed`, "ok");
  else say(refusal(`${name}: ${ctx.stage} → ${target}`, answer), "error");
}

async function setPause(name, pause) {
  const answer = await api("POST", `/admin/contexts/${encodeURIComponent(name)}/${pause ? "pause" : "resume"}`, who());
  if (answer.status === 200) say(`${name}: ${pause ? "paused" : "resumed"}`, "ok");
  else say(refusal(`${name}: ${pause ? "pause" : "resume"}`, answer), "error");
}

async function checkGates(name) {
  say(`${name}: measuring the gates of the next step …`);
  const answer = await api("GET", `/admin/contexts/${encodeURIComponent(name)}/gates`);
  const body = document.querySelector("#gates tbody");
  body.replaceChildren();
  if (answer.status !== 200) { say(refusal(`${name}: gate check`, answer), "error"); return; }
  const g = answer.data;
  document.getElementById("gates-title").textContent =
    `${g.context}: ${g.from} → ${g.to || "(none)"} · policy ${g.policy}`;
  const summary = document.getElementById("gates-summary");
  summary.replaceChildren(`${g.allowed ? "all gates pass" : "blocked"}: ${g.summary}`);
  if (g.evidence_id) summary.append(" · ", evidenceLink(g.evidence_id));
  for (const r of g.gates) {
    body.append(el("tr", { "data-gate": r.gate },
      el("td", {}, r.gate),
      el("td", { class: "verdict-" + r.verdict }, r.verdict),
      el("td", {}, r.value === null ? "–" : r.value),
      el("td", {}, r.threshold),
      el("td", {}, r.samples),
      el("td", {}, r.detail)));
  }
  say(`${name}: gates of ${g.from} → ${g.to || "(none)"} measured`, g.allowed ? "ok" : "");
}

async function act(event) {
  const button = event.target.closest("button[data-action]");
  if (!button || busy) return;
  const name = button.getAttribute("data-context");
  busy = true;
  renderContexts();
  try {
    switch (button.getAttribute("data-action")) {
      case "advance": await changeStage(name, 1); break;
      case "rollback": await changeStage(name, -1); break;
      case "pause": await setPause(name, true); break;
      case "resume": await setPause(name, false); break;
      case "gates": await checkGates(name); break;
    }
  } finally {
    busy = false;
    await refresh();
  }
}

// --- evidence ------------------------------------------------------------------------------

function evidenceLink(id) {
  const link = el("a", { href: "#", "data-evidence": id }, id);
  return link;
}

async function showEvidence(id) {
  const answer = await api("GET", `/admin/evidence/${encodeURIComponent(id)}`);
  const section = document.getElementById("evidence-section");
  document.getElementById("evidence-title").textContent = id;
  document.getElementById("evidence").textContent =
    answer.status === 200 ? JSON.stringify(answer.data, null, 2) : refusal("evidence", answer);
  section.hidden = false;
  section.scrollIntoView({ block: "nearest" });
}

// --- audit ---------------------------------------------------------------------------------

async function loadAudit() {
  const body = document.querySelector("#audit tbody");
  if (!token()) { body.replaceChildren(el("tr", {}, el("td", { colSpan: 7 }, "needs the admin token"))); return; }
  const answer = await api("GET", "/admin/audit?limit=30");
  if (answer.status !== 200) return;
  body.replaceChildren();
  for (const r of answer.data.records.slice().reverse()) {
    const evidence = r.evidence && typeof r.evidence.id === "string" ? evidenceLink(r.evidence.id) : "";
    const change = r.old || r.new ? `${r.old || "?"} → ${r.new || "?"}` : "";
    const result = r.result === "applied" ? "applied" : `${r.result || "?"}${r.refusal ? ": " + r.refusal : ""}`;
    body.append(el("tr", {},
      el("td", {}, r.at || r.time || r.ts || ""), el("td", {}, r.action || ""), el("td", {}, r.context || ""),
      el("td", {}, change), el("td", {}, r.actor || ""), el("td", {}, result), el("td", {}, evidence)));
  }
}

// --- charts --------------------------------------------------------------------------------

const W = 600, H = 200, PAD_L = 44, PAD_B = 18, PAD_T = 8, PAD_R = 8;

// `window`: [first, last] sample time, so both charts share one time axis
function draw(id, legendId, series, unit, window) {
  const chart = document.getElementById(id);
  chart.replaceChildren();
  const all = Object.values(series).flat();
  chart.setAttribute("data-points", String(all.length));
  if (!all.length) {
    const t = svg("text", { x: W / 2 - 60, y: H / 2 });
    t.textContent = token() ? "waiting for samples …" : "needs the admin token";
    chart.append(t);
    document.getElementById(legendId).replaceChildren();
    return;
  }
  const t0 = window ? window[0] : Math.min(...all.map((p) => p[0]));
  const t1 = window ? window[1] : Math.max(...all.map((p) => p[0]));
  const top = Math.max(...all.map((p) => p[1]), unit === "s" ? 0.1 : 0.01);
  chart.setAttribute("data-last-t", String(Math.max(...all.map((p) => p[0]))));  // newest point
  const x = (t) => PAD_L + (t1 > t0 ? (t - t0) / (t1 - t0) : 1) * (W - PAD_L - PAD_R);
  const y = (v) => H - PAD_B - (v / top) * (H - PAD_B - PAD_T);
  for (const f of [0, 0.5, 1]) {
    chart.append(svg("line", { class: "grid", x1: PAD_L, x2: W - PAD_R, y1: y(top * f), y2: y(top * f) }));
    const label = svg("text", { x: 2, y: y(top * f) + 3 });
    label.textContent = unit === "s" ? `${(top * f).toFixed(2)} s` : `${(top * f * 100).toFixed(1)} %`;
    chart.append(label);
  }
  chart.append(svg("line", { class: "axis", x1: PAD_L, x2: PAD_L, y1: PAD_T, y2: H - PAD_B }));
  const span = svg("text", { x: W - 110, y: H - 4 });
  span.textContent = `last ${Math.round(t1 - t0)} s`;
  chart.append(span);
  const legend = document.getElementById(legendId);
  legend.replaceChildren();
  Object.entries(series).forEach(([name, points], i) => {
    const cls = "s" + (i % 6);
    chart.append(svg("polyline", { class: cls, points: points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" ") }));
    for (const p of points) chart.append(svg("circle", { class: "point " + cls, r: 2, cx: x(p[0]).toFixed(1), cy: y(p[1]).toFixed(1) }));
    const last = points.length ? points[points.length - 1][1] : null;
    legend.append(el("span", { class: cls },
      `■ ${name}: ${last === null ? "–" : unit === "s" ? last.toFixed(3) + " s" : (last * 100).toFixed(2) + " %"}`));
  });
}

async function loadSeries() {
  if (!token()) { draw("lag-chart", "lag-legend", {}, "s"); draw("rates-chart", "rates-legend", {}, "%"); return; }
  const answer = await api("GET", "/admin/dashboard/series");
  if (answer.status !== 200) return;
  paused = answer.data.paused || {};
  const lag = {}, rates = {};
  for (const s of answer.data.samples) {
    for (const r of s.lag) {
      if (r.e2e_lag_seconds === null || r.e2e_lag_seconds === undefined) continue;
      (lag[`${r.context} ${r.direction}`] ||= []).push([s.t, r.e2e_lag_seconds]);
    }
    for (const [ctx, r] of Object.entries(s.rates)) {
      for (const [key, label] of [["error_rate", "5xx"], ["fallback_rate", "fallback"], ["diff_rate", "diff"]]) {
        if (r[key] === null || r[key] === undefined) continue;
        (rates[`${ctx} ${label}`] ||= []).push([s.t, r[key]]);
      }
    }
  }
  const samples = answer.data.samples;
  const window = samples.length ? [samples[0].t, samples[samples.length - 1].t] : null;
  draw("lag-chart", "lag-legend", lag, "s", window);
  draw("rates-chart", "rates-legend", rates, "%", window);
}

// --- wiring --------------------------------------------------------------------------------

async function refresh() {
  await loadSeries();
  await loadContexts();
  await loadAudit();
}

function start() {
  document.getElementById("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("token");
    if (input.value.trim()) sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    input.value = "";
    refresh();
  });
  document.getElementById("token-forget").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    say("token forgotten: read-only view");
    refresh();
  });
  document.getElementById("contexts").addEventListener("click", act);
  document.body.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-evidence]");
    if (!link) return;
    event.preventDefault();
    showEvidence(link.getAttribute("data-evidence"));
  });
  document.getElementById("evidence-close").addEventListener("click", () => {
    document.getElementById("evidence-section").hidden = true;
  });
  refresh();
  setInterval(() => { if (!busy) refresh(); }, 2000);
}

document.addEventListener("DOMContentLoaded", start);
