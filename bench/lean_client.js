// The load bench's simulated class in one small Node process (bench/classroom_load.py runs it).
//
// Why it exists: the Python client (asyncio + aiohttp) was the heaviest process of the bench and
// shared the machine's two cores with the hosts it measured, so even the bare baseline server's
// 60 Hz timer ran 90-200 ms late at 2,000 students. This client speaks the WebSocket protocol on
// raw TCP sockets (node's `net`, no library): the HTTP upgrade, masked text frames, ping -> pong,
// close frames with their codes. It speaks the classroom protocol (docs/classroom-protocol.md):
// each student joins with the code, a nickname and a token, answers every question the moment it
// arrives (by the question's wire ids), and times answer -> ack.
//
// Usage: node bench/lean_client.js '{"url": "ws://127.0.0.1:8765/ws", "code": "424242",
//          "first": 0, "count": 200, "total": 200, "join_within": 5, "give_up_s": 300}'
// Prints one JSON line on stdout when every student is done (got `ended`, or was closed), or
// at give_up_s, or on SIGINT/SIGTERM: {"latencies": [ms...], "answered_after": [ms...], "sent",
// "acked", "errors", "joined", "disconnected", "ended", "close_codes": {code: n}}. join_within
// 0: every student connects first, then all joins go out at the same instant. answer_within
// (seconds): the class answers spread evenly over that long after each question arrives (0: all
// at once); then "answered_after" gives, for each latency, how long after its question that
// answer was sent.
//
// "wire": 2 plays a student-paced session (docs/classroom-protocol.md, "Student-paced sessions
// (wire version 2)"; bench/classroom_load.py --mode student-paced): every message carries "v": 2;
// each student thinks `think` = [min, max] seconds a question (drawn per student and question
// from a generator seeded with "seed" and the student's number, so a run can be repeated), 80 %
// of it before answering (by the question's wire ids) and 20 % reading the feedback before
// sending `next`; a second chance is answered like any other question; `done`, `review` and
// `leaderboard` are ignored. Then `latencies` are answer -> feedback (or -> ack with feedback
// "end"), "acked" counts answers that got them, and the figures add "next_latencies" (ms, from
// `next` - or, with feedback "end", from the answer - to the next `question`), "questions"
// (questions served), "nexts" and "done" (students told they had finished).
"use strict";

const net = require("net");
const crypto = require("crypto");

const cfg = JSON.parse(process.argv[2] || "{}");
const target = new URL(cfg.url);
const HOST = target.hostname;
const PORT = Number(target.port || 80);
const PATH = target.pathname || "/ws";
const CODE = String(cfg.code);
const FIRST = cfg.first || 0;
const COUNT = cfg.count;
const TOTAL = cfg.total || COUNT;
const JOIN_WITHIN_MS = (cfg.join_within || 0) * 1000;
const GIVE_UP_MS = (cfg.give_up_s || 300) * 1000;
// > 0: student n answers (n / total) * this after the question arrives (the class's answers
// spread evenly over that window: --mode burst); 0: every student answers at once.
const ANSWER_WITHIN_MS = (cfg.answer_within || 0) * 1000;
const WIRE = cfg.wire === 2 ? 2 : 1;
const THINK = cfg.think || [2, 20]; // wire 2: seconds a student spends on a question
const SEED = cfg.seed || 1;
const READING = 0.2; // wire 2: the share of the think time spent on the feedback

const stats = {
  latencies: [], answered_after: [], sent: 0, acked: 0, errors: 0, joined: 0, disconnected: 0, ended: 0,
  close_codes: {},
};
if (WIRE === 2) Object.assign(stats, { next_latencies: [], questions: 0, nexts: 0, done: 0 });
let done = 0; // students finished (ended, closed, or never connected)
let upgraded = 0; // students whose WebSocket is open (join_within 0: all, then every join)
const waiting = []; // join_within 0: students connected and waiting for the rest
const questions = new Map(); // question text -> {index, response(n)}: decoded once per text
const TYPE = /"type"\s*:\s*"(\w+)"/;
const NEXT = JSON.stringify({ v: 2, type: "next" });
const INDEX = /"index"\s*:\s*(-?\d+)/;

function now() {
  return performance.now();
}

function seeded(seed) {
  // mulberry32: a small seeded generator (Math.random cannot be seeded), uniform in [0, 1)
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// -- WebSocket framing (RFC 6455) ------------------------------------------------------------

function frame(opcode, payload) {
  // A client frame: FIN, the opcode, the mask bit and a fresh 4-byte mask.
  const len = payload.length;
  const head = len < 126 ? 6 : len < 65536 ? 8 : 14;
  const out = Buffer.allocUnsafe(head + len);
  out[0] = 0x80 | opcode;
  if (len < 126) {
    out[1] = 0x80 | len;
  } else if (len < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(len), 2);
  }
  const mask = crypto.randomBytes(4);
  mask.copy(out, head - 4);
  for (let i = 0; i < len; i++) out[head + i] = payload[i] ^ mask[i & 3];
  return out;
}

function text(s) {
  return frame(0x1, Buffer.from(s, "utf8"));
}

// -- what a student answers ------------------------------------------------------------------

function responder(data) {
  // How student n answers this question: by the question's own wire ids, as a phone does.
  const kind = data.question_type || "single";
  const choices = data.choices || [];
  const items = data.items || [];
  switch (kind) {
    case "multiple":
      return (n) => (choices.length ? [choices[n % choices.length].id] : []);
    case "order":
      return () => items.map((i) => i.id);
    case "match": {
      const right = (data.right || []).map((r) => r.id);
      return () => (data.left || []).map((_, i) => (i < right.length ? right[i] : -1));
    }
    case "text":
      return () => "answer";
    case "numeric":
      return () => 1;
    case "cloze":
      return () => (data.gaps || []).map((g) => (g.options && g.options.length ? g.options[0] : "x"));
    default: // single, poll, true_false
      return (n) => (choices.length ? choices[n % choices.length].id : 0);
  }
}

// -- one student -----------------------------------------------------------------------------

function student(n) {
  const key = crypto.randomBytes(16).toString("base64");
  const sock = net.connect({ host: HOST, port: PORT });
  sock.setNoDelay(true);
  let open = false;
  let finished = false;
  let ended = false;
  let closeCode = null;
  let buf = Buffer.alloc(0);
  let fragments = null; // a fragmented text message being put together
  const sentAt = new Map(); // question index -> when its answer went out, until acked
  const answered = new Set();
  const join = JSON.stringify({
    v: WIRE, type: "join", code: CODE, nickname: `Student ${n}`,
    token: `bench-token-${String(n).padStart(6, "0")}`,
  });
  // wire 2: this student's think times, their question on screen, and what they wait for
  const random = seeded(SEED * 1000003 + n);
  let feedbackOff = false; // the session's feedback setting is "end": ack, then the question
  let waitingFeedback = null; // {key, at}: the answer sent, until its feedback (or ack)
  let nextSentAt = null; // when `next` (or, feedback off, the answer) went out
  let reading = 0; // ms this student spends on the feedback of the question being answered
  let finishedAll = false; // `done` came: no more `next`

  function finish() {
    if (finished) return;
    finished = true;
    if (!ended) {
      stats.disconnected += 1;
      const code = closeCode === null ? (open ? 1006 : "no connection") : closeCode;
      stats.close_codes[code] = (stats.close_codes[code] || 0) + 1;
    }
    if (ended) sock.end(); // the close frame goes out first
    else sock.destroy();
    done += 1;
    if (!open) upgraded += 1; // never opened: not waited for by the others
    maybeJoinAll();
    maybeEnd();
  }

  function sendJoin() {
    if (!finished) sock.write(text(join));
  }

  function onPaced(kind, msg) {
    // A message of a student-paced session (wire 2).
    if (kind === "question") {
      const at = now();
      if (nextSentAt !== null) {
        stats.next_latencies.push(Math.round((at - nextSentAt) * 1000) / 1000);
        nextSentAt = null;
      }
      let known = questions.get(msg);
      if (known === undefined) {
        const data = JSON.parse(msg);
        known = { index: data.index, second: Boolean(data.second_chance), response: responder(data) };
        questions.set(msg, known);
      }
      const key = `${known.index}:${known.second}`;
      if (answered.has(key)) return; // sent again (a reconnect, a resume): already answered
      answered.add(key);
      stats.questions += 1;
      const think = (THINK[0] + random() * (THINK[1] - THINK[0])) * 1000;
      reading = think * READING;
      const answer = JSON.stringify({ v: 2, type: "answer", index: known.index, response: known.response(n) });
      setTimeout(() => {
        if (finished) return;
        stats.sent += 1;
        const sentAt = now();
        waitingFeedback = { index: known.index, at: sentAt };
        if (feedbackOff) nextSentAt = sentAt; // the next question comes right after the ack
        sock.write(text(answer));
      }, think - reading);
    } else if (kind === "feedback" || (kind === "ack" && feedbackOff)) {
      if (waitingFeedback === null) return;
      stats.latencies.push(Math.round((now() - waitingFeedback.at) * 1000) / 1000);
      stats.acked += 1;
      waitingFeedback = null;
      if (kind === "feedback") {
        setTimeout(() => {
          if (finished || finishedAll) return;
          stats.nexts += 1;
          nextSentAt = now();
          sock.write(text(NEXT));
        }, reading);
      }
    } else if (kind === "welcome") {
      stats.joined += 1;
      feedbackOff = /"feedback"\s*:\s*"end"/.test(msg);
    } else if (kind === "done") {
      finishedAll = true;
      stats.done += 1;
      nextSentAt = null;
    } else if (kind === "error") {
      stats.errors += 1;
    } else if (kind === "ended") {
      ended = true;
      stats.ended += 1;
      sock.write(frame(0x8, Buffer.from([0x03, 0xe8]))); // 1000: normal closure
      finish();
    } // review, leaderboard, closing, paused, ...: nothing to do
  }

  function onMessage(msg) {
    const found = TYPE.exec(msg);
    const kind = found ? found[1] : "";
    if (WIRE === 2) {
      onPaced(kind, msg);
      return;
    }
    if (kind === "ack") {
      const at = INDEX.exec(msg);
      const index = at ? Number(at[1]) : -1;
      const start = sentAt.get(index);
      if (start !== undefined) { // the first ack of that answer
        sentAt.delete(index);
        stats.latencies.push(Math.round((now() - start) * 1000) / 1000);
        if (ANSWER_WITHIN_MS > 0) { // --mode burst: how long after its question it was sent
          stats.answered_after.push(Math.round((ANSWER_WITHIN_MS * n) / TOTAL));
        }
        stats.acked += 1;
      }
    } else if (kind === "question") {
      let known = questions.get(msg);
      if (known === undefined) {
        const data = JSON.parse(msg);
        known = { index: data.index, response: responder(data) };
        questions.set(msg, known);
      }
      if (sentAt.has(known.index) || answered.has(known.index)) return;
      answered.add(known.index);
      const answer = JSON.stringify({ v: 1, type: "answer", index: known.index, response: known.response(n) });
      const send = () => {
        if (finished) return;
        stats.sent += 1;
        sentAt.set(known.index, now());
        sock.write(text(answer));
      };
      if (ANSWER_WITHIN_MS > 0) setTimeout(send, (ANSWER_WITHIN_MS * n) / TOTAL);
      else send();
    } else if (kind === "welcome") {
      stats.joined += 1;
    } else if (kind === "error") {
      stats.errors += 1;
    } else if (kind === "ended") {
      ended = true;
      stats.ended += 1;
      sock.write(frame(0x8, Buffer.from([0x03, 0xe8]))); // 1000: normal closure
      finish();
    }
  }

  function onFrames() {
    for (;;) {
      if (buf.length < 2) return;
      const b0 = buf[0];
      const b1 = buf[1];
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        off = 10;
      }
      if (b1 & 0x80) off += 4; // a server never masks; skip a mask if one came anyway
      if (buf.length < off + len) return;
      const payload = buf.subarray(off, off + len);
      buf = buf.subarray(off + len);
      const opcode = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      if (opcode === 0x1 || opcode === 0x0) {
        if (!fin) {
          fragments = (fragments || []).concat([Buffer.from(payload)]);
          continue;
        }
        let whole = payload;
        if (fragments) {
          whole = Buffer.concat(fragments.concat([payload]));
          fragments = null;
        }
        onMessage(whole.toString("utf8"));
        if (finished) return;
      } else if (opcode === 0x9) {
        sock.write(frame(0xa, Buffer.from(payload))); // ping -> pong with its payload
      } else if (opcode === 0x8) {
        closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        sock.write(frame(0x8, payload.length >= 2 ? Buffer.from(payload.subarray(0, 2)) : Buffer.alloc(0)));
        finish();
        return;
      }
    }
  }

  sock.on("connect", () => {
    sock.write(
      `GET ${PATH} HTTP/1.1\r\nHost: ${HOST}:${PORT}\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
  sock.on("data", (chunk) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    if (!open) {
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = buf.subarray(0, end).toString("latin1");
      buf = buf.subarray(end + 4);
      if (!/^HTTP\/1\.1 101/.test(head)) {
        closeCode = "http " + head.split(" ")[1];
        finish();
        return;
      }
      open = true;
      upgraded += 1;
      if (JOIN_WITHIN_MS > 0) sendJoin();
      else {
        waiting.push(sendJoin);
        maybeJoinAll();
      }
    }
    onFrames();
  });
  sock.on("error", () => finish());
  sock.on("close", () => finish());
}

let joinedAll = false;
function maybeJoinAll() {
  // join_within 0: once every student is connected (or failed), every join goes out at once.
  if (JOIN_WITHIN_MS > 0 || joinedAll || upgraded < COUNT) return;
  joinedAll = true;
  for (const join of waiting) join();
  waiting.length = 0;
}

let reported = false;
function report() {
  if (reported) return;
  reported = true;
  process.stdout.write(JSON.stringify(stats) + "\n", () => process.exit(0));
}

function maybeEnd() {
  if (done >= COUNT) report();
}

for (let i = 0; i < COUNT; i++) {
  const n = FIRST + i;
  const delay = JOIN_WITHIN_MS > 0 ? (JOIN_WITHIN_MS * n) / TOTAL : 0;
  if (delay > 0) setTimeout(() => student(n), delay);
  else student(n);
}
setTimeout(() => {
  stats.disconnected += COUNT - done; // still waiting: counted as lost
  stats.close_codes["gave up"] = COUNT - done;
  report();
}, JOIN_WITHIN_MS + GIVE_UP_MS).unref();
process.on("SIGINT", report);
process.on("SIGTERM", report);
