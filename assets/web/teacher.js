// The teacher page: polls the session's grid with the teacher link's key and draws it; the
// reports download with the key in a header; End asks first. The key comes from the link's
// #fragment, which the browser never sends to the server: it goes only in the Authorization
// header of this page's own requests.

const SYMBOL = {
  right: "✓", partly: "½", wrong: "✗", timed_out: "◔", answered: "●", now: "○", not_yet: "·",
};
const WORDS = {
  right: "right", partly: "partly right", wrong: "wrong", timed_out: "out of time",
  answered: "answered", now: "answering now", not_yet: "not yet",
};
const ORDER = ["right", "partly", "wrong", "timed_out", "answered", "now", "not_yet"];
const POLL_MS = 1000;

const key = new URLSearchParams(location.hash.slice(1)).get("key") || "";
const $ = (id) => document.getElementById(id);
let last = null;
let timer = null;

function headers() {
  return { Authorization: `Bearer ${key}` };
}

function problem(text) {
  const p = $("problem");
  p.textContent = text;
  p.hidden = !text;
}

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function cell(state, second) {
  const td = el("td");
  const mark = el("span", { class: `cell ${state}`, "aria-hidden": "true" }, SYMBOL[state] || "?");
  td.append(mark);
  let words = WORDS[state] || state;
  if (second) {
    td.append(el("span", { class: `cell ${second}`, "aria-hidden": "true" }, SYMBOL[second] || "?"));
    words += `; second chance: ${WORDS[second] || second}`;
  }
  td.append(el("span", { class: "sr-only" }, words));
  td.title = words;
  return td;
}

function draw(data) {
  last = data;
  const phase = { open: "open", paused: "paused", finished: "ended", lobby: "waiting to start" }[data.phase] || data.phase;
  let status = `${data.mode === "live" ? "Live" : "Student-paced"} session ${phase} · ${data.joined} joined · ${data.here} here`;
  if (data.closes_at) status += ` · closes ${new Date(data.closes_at * 1000).toLocaleString()}`;
  $("status").textContent = status;
  $("controls").hidden = false;
  $("end").hidden = data.phase === "finished";
  $("start").hidden = !data.can_start;
  $("summary").textContent = `${data.questions.length} of ${data.total_questions} questions` +
    (data.mode === "live" ? " asked so far" : "");
  const thead = $("grid").tHead;
  const tbody = $("grid").tBodies[0];
  const head = el("tr");
  head.append(el("th", { scope: "col" }, data.projector_safe ? "First tries" : "Student"));
  if (!data.projector_safe) {
    head.append(el("th", { scope: "col" }, "Done"));
    head.append(el("th", { scope: "col" }, "Score"));
    head.append(el("th", { scope: "col" }, "Time"));
  }
  for (const q of data.questions) {
    const th = el("th", { scope: "col", title: q.prompt }, `Q${q.number}`);
    const pct = q.percent_right === null ? "–" : `${Math.round(q.percent_right)}%`;
    th.append(el("span", { class: "pct" }, `${pct} right`));
    head.append(th);
  }
  const rows = [];
  if (data.projector_safe) {
    for (const state of ORDER) {
      if (!data.counts.some((c) => c[state])) continue;
      const tr = el("tr");
      const th = el("th", { scope: "row" });
      th.append(el("span", { class: `cell ${state}`, "aria-hidden": "true" }, SYMBOL[state]), WORDS[state]);
      tr.append(th);
      for (const counts of data.counts) tr.append(el("td", {}, String(counts[state] || 0)));
      rows.push(tr);
    }
  } else {
    for (const s of data.students) {
      const tr = el("tr", s.connected ? {} : { class: "away" });
      tr.append(el("th", { scope: "row" }, s.nickname + (s.connected ? "" : " (away)")));
      tr.append(el("td", {}, `${s.done}/${s.total}${s.finished ? " ✓" : ""}`));
      tr.append(el("td", {}, String(s.score)));
      tr.append(el("td", {}, `${Math.round(s.time_spent_s)} s`));
      for (const c of s.cells) tr.append(cell(c.first, c.second));
      rows.push(tr);
    }
    if (!data.students.length) {
      const tr = el("tr");
      tr.append(el("td", { colspan: String(4 + data.questions.length) }, "Nobody has joined yet."));
      rows.push(tr);
    }
  }
  thead.replaceChildren(head);
  tbody.replaceChildren(...rows);
}

async function poll() {
  clearTimeout(timer);
  if (!key) {
    problem("This link has no key. Open the whole teacher link the host printed (it ends with #key=…).");
    $("status").textContent = "No key";
    return;
  }
  const query = new URLSearchParams({ sort: $("sort").value, projector_safe: $("safe").checked ? "1" : "0" });
  try {
    const response = await fetch(`/teacher/grid.json?${query}`, { headers: headers(), cache: "no-store" });
    if (response.status === 404) {
      problem("This teacher link does not work for this session. Check that you copied all of it, from the host's latest start.");
      $("status").textContent = "Not connected";
      timer = setTimeout(poll, 10 * POLL_MS);
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    problem("");
    draw(await response.json());
  } catch (err) {
    $("status").textContent = "Can't reach the host: trying again…";
  }
  timer = setTimeout(poll, POLL_MS);
}

async function download(kind) {
  const response = await fetch(`/teacher/${kind}`, { headers: headers(), cache: "no-store" });
  if (!response.ok) {
    problem("That report could not be made just now. Try again.");
    return;
  }
  const blob = await response.blob();
  const disposition = response.headers.get("Content-Disposition") || "";
  const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || kind;
  const link = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

async function ask(what) {
  const response = await fetch(`/teacher/${what}`, { method: "POST", headers: headers() });
  if (!response.ok) problem("The host did not take that. Try again.");
  setTimeout(poll, 300);
}

$("sort").addEventListener("change", poll);
$("safe").addEventListener("change", poll);
for (const button of document.querySelectorAll("[data-report]")) {
  button.addEventListener("click", () => download(button.dataset.report));
}
$("end").addEventListener("click", () => {
  if (confirm("End the session for everyone? Students see their results and can't answer any more.")) ask("end");
});
$("start").addEventListener("click", () => ask("start"));
poll();
