/* The student page's logic: join, answer every question type, see results, survive Wi-Fi drops.
 *
 * It speaks protocol version 1 (docs/classroom-protocol.md) over one WebSocket to the teacher's
 * computer. The player token in localStorage makes a reload or a reconnect the same player.
 * Every text that comes from the server is put on the page with textContent, never as HTML.
 */
import { QTYPES } from './qtypes/index.js';
import { installPaced } from './paced.js';

(function () {
  'use strict';

  // 2: a student-paced session (the host marks the page; its flow is in paced.js)
  var VERSION = document.documentElement.getAttribute('data-wire') === '2' ? 2 : 1;
  var KEY = { token: 'civicquiz.token', code: 'civicquiz.code', nickname: 'civicquiz.nickname' };
  var PING_EVERY_MS = 15000;
  var PONG_WAIT_MS = 10000;
  var BACKOFF_MIN_MS = 500;
  var BACKOFF_MAX_MS = 15000;
  // Choice looks by position, as on the projector and in the solo game (game.core.choice_look;
  // tests/app/test_choice_look.py checks these lists against it): number, shape and class cN.
  var SHAPES = ['\u25B2', '\u25C6', '\u25CF', '\u25A0', '\u2B1F', '\u2605', '\u2B22', '\u271A',
    '\u2665'];
  var SHAPE_NAMES = ['triangle', 'diamond', 'circle', 'square', 'pentagon', 'star', 'hexagon',
    'cross', 'heart'];

  function $(id) { return document.getElementById(id); }

  // -- storage that survives private browsing refusing it ----------------------------------------
  var memory = {};
  var store = {
    get: function (key) {
      try { var v = window.localStorage.getItem(key); return v === null ? memory[key] || '' : v; }
      catch (e) { return memory[key] || ''; }
    },
    set: function (key, value) {
      memory[key] = value;
      try { window.localStorage.setItem(key, value); } catch (e) { /* memory only */ }
    },
    del: function (key) {
      delete memory[key];
      try { window.localStorage.removeItem(key); } catch (e) { /* memory only */ }
    }
  };

  function newToken() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    var alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    var out = '';
    for (var i = 0; i < bytes.length; i++) { out += alphabet.charAt(bytes[i] & 63); }
    return out;
  }

  function token() {
    var t = store.get(KEY.token);
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(t)) { t = newToken(); store.set(KEY.token, t); }
    return t;
  }

  // -- little DOM helpers (text only) -------------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        if (name === 'className') { node.className = attrs[name]; }
        else { node.setAttribute(name, attrs[name]); }
      });
    }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  // Numbers as the projector shows them (Python's {:,}): 12,558, not 12558.
  function num(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
  function plural(n, one, many) { return num(n) + ' ' + (n === 1 ? one : many); }

  // -- state --------------------------------------------------------------------------------------
  var s = {
    ws: null,
    attempts: 0,
    reconnectTimer: null,
    pingTimer: null,
    pongTimer: null,
    wantJoin: false,     // send a join as soon as the socket is open
    joined: false,       // a welcome came for this connection
    nickname: '',
    stopped: false,      // kicked, replaced or told not to come back: no automatic reconnect
    ended: false,
    kicked: false,       // the teacher removed this player: never rejoin by itself
    screen: 'join',
    q: null,             // the question message being answered
    answer: null,        // the type's answer widget: {value(), disable(bool), restore?}
    acked: false,
    timeUp: false,
    paused: false,
    deadline: 0,         // performance.now() when this student's time runs out
    total: 0,            // seconds the full bar stands for
    remainingAtPause: 0,
    timerHandle: null,
    noticeTimer: null,
    announced: {}
  };

  // -- screens and status -------------------------------------------------------------------------
  function show(name, focusHeading) {
    var screens = document.querySelectorAll('.screen');
    for (var i = 0; i < screens.length; i++) {
      screens[i].hidden = screens[i].id !== 'screen-' + name;
    }
    var changed = s.screen !== name;
    s.screen = name;
    if (focusHeading !== false && changed) {
      var heading = document.querySelector('#screen-' + name + ' h1');
      if (heading) { heading.focus(); }
    }
  }

  function setConn(state, text) {
    var node = $('conn');
    node.setAttribute('data-state', state);
    node.textContent = text;
  }

  function setMe() {
    $('me').textContent = s.nickname ? s.nickname : '';
  }

  function stopScreen(title, text, retryLabel) {
    s.stopped = true;
    stopTimer();
    $('s-title').textContent = title;
    $('s-text').textContent = text;
    var retry = $('s-retry');
    retry.hidden = !retryLabel;
    if (retryLabel) { retry.textContent = retryLabel; }
    show('stopped');
  }

  // -- connection ---------------------------------------------------------------------------------
  function wsUrl() {
    return (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + '/ws';
  }

  function send(message) {
    message.v = VERSION;
    if (s.ws && s.ws.readyState === WebSocket.OPEN) {
      s.ws.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  function sendJoin() {
    s.wantJoin = true;
    send({ type: 'join', code: store.get(KEY.code), nickname: store.get(KEY.nickname),
      token: token() });
  }

  function connect() {
    window.clearTimeout(s.reconnectTimer);
    s.reconnectTimer = null;
    if (s.ws && (s.ws.readyState === WebSocket.OPEN || s.ws.readyState === WebSocket.CONNECTING)) {
      return;
    }
    setConn('connecting', s.attempts ? 'Reconnecting…' : 'Connecting…');
    var ws;
    try { ws = new WebSocket(wsUrl()); }
    catch (e) { scheduleReconnect(); return; }
    s.ws = ws;
    s.joined = false;
    ws.onopen = function () {
      if (ws !== s.ws) { return; }
      setConn('online', 'Connected');
      startPing();
      if (s.wantJoin) { sendJoin(); }
    };
    ws.onmessage = function (event) {
      if (ws !== s.ws) { return; }
      window.clearTimeout(s.pongTimer);
      s.pongTimer = null;
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (!message || typeof message !== 'object' || message.v !== VERSION) { return; }
      handle(message);
    };
    ws.onclose = function (event) {
      if (ws !== s.ws) { return; }
      s.ws = null;
      s.joined = false;
      stopPing();
      closed(event.code, event.reason || '');
    };
    ws.onerror = function () { /* onclose follows */ };
  }

  function closed(code, reason) {
    if (s.ended) { setConn('offline', 'Quiz over'); return; }
    if (s.kicked) { setConn('offline', 'Removed'); return; }
    if (code === 4001) {
      setConn('offline', 'Playing elsewhere');
      stopScreen('You are playing in another tab',
        'This quiz is open in another tab or on another device with your name. Only one can play at a time.',
        'Play here instead');
      return;
    }
    if (code === 4002) {
      setConn('offline', 'Removed');
      if (s.screen !== 'stopped') { kickedScreen(); }
      return;
    }
    if (code === 4003) {
      setConn('offline', 'Not connected');
      s.wantJoin = false;
      store.del(KEY.code);
      show('join');
      $('join-error').textContent = 'Too many wrong codes. Check the code on the teacher\'s screen and try again.';
      return;
    }
    if (code >= 4000 && code < 4100) {
      setConn('offline', 'Not connected');
      stopScreen('Disconnected', reason || 'The teacher\'s computer closed the connection.',
        'Reconnect');
      return;
    }
    if (s.stopped) { setConn('offline', 'Not connected'); return; }
    scheduleReconnect();
  }

  function scheduleReconnect() {
    window.clearTimeout(s.reconnectTimer);
    var base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * Math.pow(2, s.attempts));
    var delay = Math.round(base * (0.5 + Math.random() * 0.5));  // spread a classroom's phones out
    s.attempts += 1;
    setConn('offline', 'Connection lost. Trying again in ' + Math.max(1, Math.round(delay / 1000)) + ' s…');
    s.reconnectTimer = window.setTimeout(connect, delay);
  }

  function reconnectNow() {
    if (s.stopped || s.ended) { return; }
    if (!s.ws) { connect(); }
  }

  function startPing() {
    stopPing();
    s.pingTimer = window.setInterval(function () {
      if (!send({ type: 'ping' })) { return; }
      window.clearTimeout(s.pongTimer);
      s.pongTimer = window.setTimeout(function () {
        // Nothing came back: the Wi-Fi is gone without the socket noticing. Start over.
        var ws = s.ws;
        s.ws = null;
        stopPing();
        if (ws) { try { ws.close(); } catch (e) { /* already closing */ } }
        closed(1006, '');
      }, PONG_WAIT_MS);
    }, PING_EVERY_MS);
  }

  function stopPing() {
    window.clearInterval(s.pingTimer);
    window.clearTimeout(s.pongTimer);
    s.pingTimer = null;
    s.pongTimer = null;
  }

  // -- messages from the server -------------------------------------------------------------------
  var handlers = {
    welcome: function (m) {
      s.joined = true;
      s.wantJoin = true;
      s.attempts = 0;
      s.stopped = false;
      setConn('online', 'Connected');
      s.nickname = String(m.nickname || '');
      store.set(KEY.nickname, s.nickname);
      setMe();
      $('join-error').textContent = '';
      $('lobby-name').textContent = s.nickname;
      if (s.screen === 'join' || s.screen === 'roster' || s.screen === 'stopped') {
        show('lobby');
      }
    },
    lobby: function (m) {
      var count = typeof m.players === 'number' ? m.players : 0;
      $('lobby-count').textContent = plural(count, 'player has', 'players have') + ' joined.';
      if (!s.joined && Array.isArray(m.roster) && m.roster.length) {
        showRoster(m.roster);
        return;
      }
      if (s.joined && s.screen !== 'lobby' && !s.q && !s.ended) { show('lobby'); }
    },
    question: function (m) { showQuestion(m); },
    ack: function (m) {
      if (!s.q || m.index !== s.q.index) { return; }
      s.acked = true;
      confirmTyped(m);
      if (typeof m.your_answer === 'string' && m.your_answer) {
        // Sent again after a reload or a reconnect: the page no longer shows the selection.
        status('Your answer was received: ' + m.your_answer + '. You can change it until time is up.', 'ok');
        return;
      }
      status(m.changed ? 'Answer changed — you can change it until time is up.'
        : 'Answer received — you can change it until time is up.', 'ok');
    },
    reveal: function (m) { showReveal(m); },
    leaderboard: function (m) { showLeaderboard(m); },
    paused: function (m) { setPaused(!!m.paused); },
    ended: function (m) { showEnded(m); },
    review: function (m) { showReview(m); },
    error: function (m) { showError(String(m.reason || 'Something went wrong.')); },
    refused: function (m) { showRefused(m); },
    kicked: function () { kickedScreen(); },
    pong: function () { /* any message proves the link is alive */ }
  };

  if (VERSION === 2) {
    installPaced({ s: s, handlers: handlers, $: $, el: el, clear: clear, show: show, send: send,
      connect: connect, setConn: setConn, status: status, notice: notice, announce: announce,
      stopTimer: stopTimer, setDisabled: setDisabled, num: num, plural: plural, store: store,
      KEY: KEY, token: token, confirmTyped: confirmTyped, showTyped: showTyped });
  }

  function handle(message) {
    var handler = handlers[message.type];
    if (handler) { handler(message); }
  }

  function kickedScreen() {
    s.kicked = true;
    s.wantJoin = false;
    stopScreen('You were removed from this quiz', 'The teacher removed you from this session.', '');
  }

  // The host refused to let this page join; `why` says what the student can do about it.
  function showRefused(m) {
    var why = String(m.why || '');
    var reason = capital(String(m.reason || 'You cannot join right now')) + '.';
    if (s.ws && s.ws.readyState === WebSocket.OPEN) { setConn('online', 'Connected'); }
    if (why === 'kicked') { kickedScreen(); return; }
    if (Array.isArray(m.roster) && (why === 'roster' || why === 'taken' || why === 'name')) {
      var typed = String(store.get(KEY.nickname) || '');
      showRoster(m.roster.map(String));
      $('roster-error').textContent = !m.roster.length
        ? 'Every name on the list has joined. Ask your teacher.'
        : why === 'taken' ? reason
        : typed ? 'That name is not on the list. Pick your name.' : '';
      return;
    }
    if (why === 'locked') {
      s.wantJoin = true;
      setConn('online', 'Room locked');
      stopScreen('The room is locked',
        'The teacher has locked the room, so no new players can join. Ask your teacher to unlock it, then try again.',
        'Try again');
      return;
    }
    if (why === 'ended') {
      s.wantJoin = false;
      stopScreen('This quiz has ended', 'The session is over. Ask your teacher for the next one.', '');
      return;
    }
    if (why === 'full') {
      s.wantJoin = true;
      stopScreen('The quiz is full', reason + ' Ask your teacher.', 'Try again');
      return;
    }
    s.wantJoin = false;  // "name": back to the form to pick another nickname
    show('join');
    $('join-error').textContent = reason;
    $('nickname').focus();
  }

  function showError(reason) {
    if (s.ws && s.ws.readyState === WebSocket.OPEN) { setConn('online', 'Connected'); }
    if (reason === 'wrong join code') {
      s.wantJoin = false;
      store.del(KEY.code);
      show('join');
      $('join-error').textContent = 'That join code is not right. Check the code on the teacher\'s screen.';
      $('code').focus();
      return;
    }
    if (!s.joined) {
      if (s.screen === 'roster') { $('roster-error').textContent = reason; return; }
      s.wantJoin = false;
      show('join');
      $('join-error').textContent = capital(reason) + '.';
      if (/nickname/.test(reason)) { $('nickname').focus(); }
      return;
    }
    if (s.screen === 'question') {
      status(capital(reason) + '.', 'bad');
      return;
    }
    notice(capital(reason) + '.');
  }

  function notice(text) {
    var node = $('notice');
    node.textContent = text;
    node.hidden = false;
    window.clearTimeout(s.noticeTimer);
    s.noticeTimer = window.setTimeout(function () { node.hidden = true; }, 8000);
  }

  function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  // -- join ---------------------------------------------------------------------------------------
  function submitJoin(event) {
    event.preventDefault();
    var code = $('code').value.replace(/\s+/g, '');
    var nickname = $('nickname').value.trim();
    var errorBox = $('join-error');
    if (!code) {
      errorBox.textContent = 'Type the join code from the teacher\'s screen.';
      $('code').focus();
      return;
    }
    errorBox.textContent = '';
    store.set(KEY.code, code);
    store.set(KEY.nickname, nickname);
    s.stopped = false;
    s.wantJoin = true;
    setConn('connecting', 'Joining…');
    if (s.ws && s.ws.readyState === WebSocket.OPEN) { sendJoin(); } else { s.attempts = 0; connect(); }
  }

  function showRoster(names) {
    setConn('online', 'Connected');
    var list = $('roster-list');
    clear(list);
    names.forEach(function (name) {
      var item = el('li');
      var button = el('button', { type: 'button', className: 'choice roster-name' }, name);
      button.addEventListener('click', function () {
        $('roster-error').textContent = '';
        store.set(KEY.nickname, String(name));
        sendJoin();
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    show('roster');
  }

  // -- questions ----------------------------------------------------------------------------------
  function status(text, kind) {
    var node = $('q-status');
    node.textContent = text;
    node.setAttribute('data-kind', kind || '');
  }

  // A document-based question's passage, above the prompt: plain text in its own scrollable box.
  function showPassage(passage) {
    var has = !!passage && typeof passage.text === 'string' && passage.text !== '';
    $('q-passage').hidden = !has;
    $('q-passage-text').textContent = has ? passage.text : '';
    $('q-passage-text').scrollTop = 0;
    $('q-passage-source').textContent =
      has && typeof passage.source === 'string' && passage.source ? passage.source : '';
    // a screen reader, focused on the prompt, reads the passage it asks about too
    if (has) { $('q-prompt').setAttribute('aria-describedby', 'q-passage-text'); }
    else { $('q-prompt').removeAttribute('aria-describedby'); }
  }

  // A question's picture, under the prompt, with its alt text; the alt text in a box instead
  // when the host cannot serve the file or it does not load. Never enlarged past twice its size.
  function showImage(image) {
    var has = !!image && typeof image.alt === 'string';
    var img = $('q-image-img');
    var words = $('q-image-alt');
    var fallback = function () {
      img.hidden = true;
      img.removeAttribute('src');
      words.textContent = 'Picture: ' + image.alt;
      words.hidden = false;
    };
    $('q-image').hidden = !has;
    img.onload = null;
    img.onerror = null;
    img.hidden = true;
    img.removeAttribute('src');
    img.style.maxWidth = '';
    words.hidden = true;
    if (!has) { return; }
    if (typeof image.url === 'string' && image.url.indexOf('/img/') === 0) {
      img.alt = image.alt;
      img.onload = function () {
        img.style.maxWidth = 'min(100%, ' + (2 * img.naturalWidth) + 'px)';
        fitChoices();
      };
      img.onerror = fallback;
      img.hidden = false;
      img.src = image.url;
    } else {
      fallback();
    }
  }

  function showQuestion(m) {
    var same = s.q && s.q.index === m.index && s.screen === 'question';
    s.q = m;
    if (!same) {
      s.acked = false;
      s.announced = {};
      $('q-progress').textContent = 'Question ' + (m.index + 1) + ' of ' + m.total;
      showPassage(m.passage);
      $('q-prompt').textContent = m.prompt;
      showImage(m.image);
      $('q-instructions').textContent = typeOf(m).instructions || '';
      $('q-submit').textContent = typeOf(m).submitLabel || 'Submit';
      status('', '');
      var area = $('q-answer');
      clear(area);
      s.answer = buildAnswer(m, area);
      applyAccommodations(m);
      readNewQuestion(m);
    }
    s.timeUp = false;
    s.paused = false;
    $('q-paused').hidden = true;
    setDisabled(false);
    startTimer(m.remaining_s);
    show('question');
    if (!same) { window.scrollTo(0, 0); }
    fitChoices();
  }

  // Every choice must show above the sticky Submit bar without scrolling: when the list of
  // choices would reach under it (a long prompt, long choices, a small phone), the choices go
  // into a compact two-column grid, and if that is still too tall (six choices), a tight one.
  // At large text a slim list (one choice a row, as tall as its words) comes first. When no
  // layout fits, the shortest is kept and a long prompt scrolls in a box of its own (never
  // under 3.5 lines: cut mid-line, it shows there is more), so the choices and Submit stay in
  // reach; on a phone too small even for that, the page scrolls under the sticky Submit bar.
  var LAYOUTS = [[], ['compact'], ['compact', 'tight']];
  var LARGE_LAYOUTS = [[], ['slim'], ['compact'], ['compact', 'tight']];
  var ALL_LAYOUTS = ['slim', 'compact', 'tight'];

  function fitChoices() {
    var list = document.querySelector('#q-answer .choices');
    var prompt = $('q-prompt');
    if (!list || s.screen !== 'question') { return; }
    prompt.classList.remove('boxed');
    prompt.style.maxHeight = '';
    prompt.tabIndex = -1;
    ALL_LAYOUTS.forEach(function (c) { list.classList.remove(c); });
    markWideWords(list);
    var bar = document.querySelector('#screen-question .actions');
    var last = list.lastElementChild;
    if (!bar || !last) { return; }
    var room = window.innerHeight - bar.getBoundingClientRect().height;
    var over = function () { return last.getBoundingClientRect().bottom + window.scrollY - room; };
    var large = document.documentElement.classList.contains('acc-large-text');
    var layouts = list.children.length < 3 ? [[]] : (large ? LARGE_LAYOUTS : LAYOUTS);
    var best = null;
    var fits = layouts.some(function (layout) {
      ALL_LAYOUTS.forEach(function (c) { list.classList.remove(c); });
      layout.forEach(function (c) { list.classList.add(c); });
      markWideWords(list);
      var now = over();
      if (best === null || now < best.over) { best = { layout: layout, over: now }; }
      return now <= 0;
    });
    if (fits) { return; }
    ALL_LAYOUTS.forEach(function (c) { list.classList.remove(c); });
    best.layout.forEach(function (c) { list.classList.add(c); });
    markWideWords(list);
    prompt.classList.add('boxed');
    var style = getComputedStyle(prompt);
    var line = parseFloat(style.lineHeight) || 1.3 * parseFloat(style.fontSize);
    var edges = prompt.offsetHeight - prompt.clientHeight +
      parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    var lines = Math.floor((prompt.offsetHeight - over() - edges) / line - 0.5) + 0.5;
    var height = Math.max(2.5, lines) * line + edges;
    if (height >= prompt.offsetHeight) {  // boxing would not help: the page scrolls instead
      prompt.classList.remove('boxed');
      return;
    }
    prompt.style.maxHeight = height + 'px';
    prompt.tabIndex = 0;  // a box that scrolls is reachable from the keyboard
    prompt.scrollTop = 0;
  }

  // A choice with a word wider than its card (large text in a narrow column) gets its words
  // under the badges, where only that word may break: nothing runs out of the card.
  function markWideWords(list) {
    Array.prototype.forEach.call(list.children, function (choice) {
      choice.classList.remove('wide-word');
      if (choice.scrollWidth > choice.clientWidth + 1) { choice.classList.add('wide-word'); }
    });
  }

  function setDisabled(disabled) {
    $('q-submit').disabled = disabled;
    if (s.answer) { s.answer.disable(disabled); }
  }

  function submitAnswer(event) {
    event.preventDefault();
    if (!s.q || !s.answer || s.timeUp || s.paused) { return; }
    var result = s.answer.value();
    if (result.problem) { status(result.problem, 'bad'); return; }
    if (send({ type: 'answer', index: s.q.index, response: result.value })) {
      s.pending = { index: s.q.index, type: s.q.question_type, value: result.value };
      status('Sending…', '');
    } else {
      status('Not connected. Your answer will need sending again once the quiz reconnects.', 'bad');
    }
  }

  function choiceButton(choice, position) {
    var shape = SHAPES[position % SHAPES.length];
    var button = el('button', {
      type: 'button',
      className: 'choice c' + (position % SHAPES.length),
      'aria-pressed': 'false'
    });
    button.appendChild(el('span', { className: 'num', 'aria-hidden': 'true' }, position + 1));
    button.appendChild(el('span', { className: 'shape', 'aria-hidden': 'true' }, shape));
    button.appendChild(el('span', { className: 'label' }, choice.text));
    button.appendChild(el('span', { className: 'tick', 'aria-hidden': 'true' }, ''));
    button.setAttribute('data-shape', SHAPE_NAMES[position % SHAPES.length]);
    return button;
  }

  // Each question type's input is its own module in qtypes/ (see qtypes/index.js).
  function typeOf(m) {
    return Object.prototype.hasOwnProperty.call(QTYPES, m.question_type) ? QTYPES[m.question_type]
      : QTYPES.text;
  }

  var ui = {
    el: el,
    clear: clear,
    status: function (text, kind) { status(text, kind); },
    choiceButton: function (choice, position) { return choiceButton(choice, position); },
    acked: function () { return s.acked; },
    focusSubmit: function () { $('q-submit').focus(); }
  };

  function buildAnswer(m, area) { return typeOf(m).build(m, area, ui); }






  // -- timer --------------------------------------------------------------------------------------
  function stopTimer() {
    window.clearInterval(s.timerHandle);
    s.timerHandle = null;
  }

  function startTimer(remaining) {
    stopTimer();
    var timer = $('q-timer');
    var bar = $('q-timer-bar');
    if (typeof remaining !== 'number' || !isFinite(remaining)) {
      timer.textContent = '';
      bar.hidden = true;
      s.deadline = 0;
      return;
    }
    bar.hidden = false;
    s.total = s.q && typeof s.q.time_limit_s === 'number'
      ? s.q.time_limit_s * (s.q.extra_time || 1) : remaining;
    s.deadline = performance.now() + remaining * 1000;
    tick();
    s.timerHandle = window.setInterval(tick, 250);
  }

  function secondsLeft() { return Math.max(0, (s.deadline - performance.now()) / 1000); }

  function tick() {
    if (s.paused) { return; }
    var secs = secondsLeft();
    var whole = Math.ceil(secs);
    $('q-timer').textContent = whole + ' s';
    var fill = $('q-timer-fill');
    fill.style.width = (s.total > 0 ? Math.min(100, 100 * secs / s.total) : 0) + '%';
    fill.setAttribute('data-low', secs <= 5 ? 'true' : 'false');
    [30, 10, 5].forEach(function (mark) {
      if (whole === mark && !s.announced[mark] && s.total > mark) {
        s.announced[mark] = true;
        $('q-timer-sr').textContent = mark + ' seconds left.';
      }
    });
    if (secs <= 0 && !s.timeUp) {
      s.timeUp = true;
      stopTimer();
      setDisabled(true);
      $('q-timer-sr').textContent = 'Time is up.';
      status(s.acked ? 'Time is up. Your answer is in — waiting for the results…'
        : 'Time is up — waiting for the results…', s.acked ? 'ok' : '');
    }
  }

  function setPaused(on) {
    if (s.screen !== 'question' || !s.q) { s.paused = on; return; }
    if (on && !s.paused) {
      s.remainingAtPause = s.deadline ? secondsLeft() : 0;
      s.paused = true;
      $('q-paused').hidden = false;
      setDisabled(true);
      status('Paused by the teacher.', '');
    } else if (!on && s.paused) {
      s.paused = false;
      $('q-paused').hidden = true;
      if (s.deadline) { s.deadline = performance.now() + s.remainingAtPause * 1000; }
      if (!s.timeUp) { setDisabled(false); }
      status(s.acked ? 'Answer received — you can change it until time is up.' : 'Go on!', '');
    }
  }

  // -- read aloud --------------------------------------------------------------------------------
  // The browser's own speech (offline on iOS and Android) reads the prompt and the answers with
  // their numbers. The bar is built here, below the prompt, and only where the browser can
  // speak; the chosen voice, speed and "every question" stay on this phone.
  var RATES = [['0.75', 'Slow'], ['1', 'Normal'], ['1.25', 'Fast']];
  var readAloud = { bar: null, voice: null, rate: null, auto: null, wanted: false };

  function canSpeak() {
    return typeof window.speechSynthesis === 'object' && window.speechSynthesis !== null
      && typeof window.SpeechSynthesisUtterance === 'function';
  }

  function spokenQuestion(m) {
    var parts = [m.prompt];
    if (m.image && typeof m.image.alt === 'string') { parts.push('Picture: ' + m.image.alt); }
    var list = function (title, entries) {
      if (!entries || !entries.length) { return; }
      parts.push(title + ' ' + entries.map(function (e, i) { return (i + 1) + ': ' + e.text + '.'; }).join(' '));
    };
    list('Answers:', m.choices);
    list('Items:', m.items);
    list('Items:', m.left);
    list('Partners:', m.right);
    return parts.join(' ');
  }

  function fillVoices() {
    var select = readAloud.voice;
    var voices = window.speechSynthesis.getVoices() || [];
    var saved = store.get('civic-quiz-voice');
    clear(select);
    select.appendChild(el('option', { value: '' }, 'Phone default'));
    voices.forEach(function (v) {
      var option = el('option', { value: v.name }, v.name + (v.lang ? ' (' + v.lang + ')' : ''));
      if (v.name === saved) { option.selected = true; }
      select.appendChild(option);
    });
  }

  function speak(text) {
    var synth = window.speechSynthesis;
    synth.cancel();  // a new reading replaces the old one
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.rate = parseFloat(readAloud.rate.value) || 1;
    var name = readAloud.voice.value;
    var voice = (synth.getVoices() || []).filter(function (v) { return v.name === name; })[0];
    if (voice) { utterance.voice = voice; utterance.lang = voice.lang; }
    synth.speak(utterance);
  }

  function buildReadAloud() {
    if (!canSpeak()) { return; }
    var bar = el('div', { className: 'read-aloud', role: 'group', 'aria-label': 'Read aloud' });
    var button = el('button', { type: 'button', className: 'secondary', id: 'read-aloud' }, 'Read aloud');
    var voiceLabel = el('label', { 'for': 'ra-voice' }, 'Voice');
    readAloud.voice = el('select', { id: 'ra-voice' });
    var rateLabel = el('label', { 'for': 'ra-rate' }, 'Speed');
    readAloud.rate = el('select', { id: 'ra-rate' });
    RATES.forEach(function (r) {
      var option = el('option', { value: r[0] }, r[1]);
      if (r[0] === (store.get('civic-quiz-rate') || '1')) { option.selected = true; }
      readAloud.rate.appendChild(option);
    });
    var autoLabel = el('label', { className: 'ra-auto' });
    readAloud.auto = el('input', { type: 'checkbox', id: 'ra-auto' });
    readAloud.auto.checked = store.get('civic-quiz-read-every') === '1';
    autoLabel.appendChild(readAloud.auto);
    autoLabel.appendChild(document.createTextNode(' Read every question'));
    var voiceField = el('span', { className: 'ra-field' });
    voiceField.appendChild(voiceLabel);
    voiceField.appendChild(readAloud.voice);
    var rateField = el('span', { className: 'ra-field' });
    rateField.appendChild(rateLabel);
    rateField.appendChild(readAloud.rate);
    // One line above the answers: the button, and the settings folded away (a native
    // disclosure) so that every choice still fits above the Submit bar on a small phone.
    var options = el('details', { className: 'ra-options' });
    options.appendChild(el('summary', {}, 'Reading options'));
    [autoLabel, voiceField, rateField].forEach(function (n) { options.appendChild(n); });
    [button, options].forEach(function (n) { bar.appendChild(n); });
    options.addEventListener('toggle', fitChoices);
    button.addEventListener('click', function () { if (s.q) { speak(spokenQuestion(s.q)); } });
    readAloud.voice.addEventListener('change', function () { store.set('civic-quiz-voice', readAloud.voice.value); });
    readAloud.rate.addEventListener('change', function () { store.set('civic-quiz-rate', readAloud.rate.value); });
    readAloud.auto.addEventListener('change', function () {
      store.set('civic-quiz-read-every', readAloud.auto.checked ? '1' : '');
    });
    fillVoices();
    if (window.speechSynthesis.addEventListener) {
      window.speechSynthesis.addEventListener('voiceschanged', fillVoices);
    }
    var prompt = $('q-prompt');
    prompt.parentNode.insertBefore(bar, prompt.nextSibling);
    readAloud.bar = bar;
  }

  // The teacher's accommodations for this student, sent with each question: a larger text size
  // and no motion, on top of whatever the phone's own settings ask for.
  function applyAccommodations(m) {
    var root = document.documentElement;
    root.classList.toggle('acc-large-text', m.large_text === true);
    root.classList.toggle('acc-reduced-motion', m.reduced_motion === true);
  }

  // A new question: read at once when the student (or the teacher, for this student) asked for
  // every question to be read.
  function readNewQuestion(m) {
    if (!readAloud.bar) { return; }
    if (m.read_aloud === true && !readAloud.wanted) {
      readAloud.wanted = true;  // the teacher's accommodation: on by default, the student may
      readAloud.auto.checked = true;  // still turn it off
    }
    if (readAloud.auto.checked) { speak(spokenQuestion(m)); }
  }

  // -- screen reader announcements ---------------------------------------------------------------
  // A live region outside the screens (a hidden screen's regions announce nothing): emptied
  // first, so the same words said twice are announced twice.
  function announce(text) {
    var node = $('sr-announce');
    if (!node) { return; }
    node.textContent = '';
    window.setTimeout(function () { node.textContent = text; }, 60);
  }

  // -- results ------------------------------------------------------------------------------------
  // What the student typed, for a type whose module says it in words (qtypes/cloze.js
  // `typed`): kept once the host acknowledged it (the answer it grades), or as the host sent it
  // back after a reload, and shown beside the right answer, so a gap forgiven a small slip
  // ("fentanil") stands next to its right spelling ("fentanyl").
  function confirmTyped(m) {
    var type = s.q ? s.q.question_type : '';
    var module = QTYPES[type];
    if (!module || typeof module.typed !== 'function') { s.typed = null; return; }
    if (typeof m.your_answer === 'string' && m.your_answer) {
      s.typed = { index: m.index, text: m.your_answer };
    } else if (s.pending && s.pending.index === m.index && s.pending.type === type) {
      s.typed = { index: m.index, text: module.typed(s.pending.value) };
    }
  }

  function typedText(index) {
    return s.typed && s.typed.index === index ? s.typed.text : '';
  }

  function showTyped(node, index, answered) {
    var mine = answered ? typedText(index) : '';
    node.hidden = !mine;
    node.textContent = mine ? 'You typed: ' + mine : '';
  }

  function showReveal(m) {
    stopTimer();
    var poll = s.q && s.q.question_type === 'poll' && s.q.index === m.index;
    var r = m.result;
    var title;
    var tone;
    if (m.skipped) { title = 'The teacher skipped this question'; tone = 'neutral'; }
    else if (poll) { title = r && r.answered ? 'Thanks for voting!' : 'Voting is closed'; tone = 'neutral'; }
    else if (!r || !r.answered) { title = 'No answer this time'; tone = 'bad'; }
    else if (r.correct) { title = '\u2713 Correct!'; tone = 'good'; }
    else if (r.credit > 0) { title = 'Partly right'; tone = 'part'; }
    else { title = '\u2717 Not quite'; tone = 'bad'; }
    var heading = $('r-title');
    heading.textContent = title;
    $('screen-reveal').setAttribute('data-tone', tone);
    $('r-points').textContent = r && !poll && !m.skipped ? '+' + num(r.points) + ' points' : '';
    // Kind words for the student's place ("You're 3rd · 1,118 points behind Ana"), never how
    // many are below; ties share a place.
    $('r-rank').textContent = typeof m.standing === 'string' && m.standing
      ? m.standing + '. You have ' + plural(m.score, 'point', 'points') + '.'
      : '';
    $('r-answer').hidden = !m.correct_text;
    $('r-correct').textContent = m.correct_text || '';
    showTyped($('r-typed'), m.index, !!(r && r.answered) && !m.skipped);
    $('r-explanation').textContent = m.explanation || '';
    $('r-source').textContent = m.source ? 'Source: ' + m.source : '';
    show('reveal');
    heading.focus();
    announce([title, $('r-points').textContent, $('r-rank').textContent].join(' ').trim());
  }

  function showLeaderboard(m) {
    var list = $('lb-rows');
    clear(list);
    (m.rows || []).forEach(function (row) {
      var mine = row.nickname === s.nickname;
      var li = el('li', { className: mine ? 'mine' : '' });
      li.appendChild(el('span', { className: 'rank' }, row.rank));
      li.appendChild(el('span', { className: 'name' }, row.nickname + (mine ? ' (you)' : '')));
      li.appendChild(el('span', { className: 'score' }, num(row.score)));
      list.appendChild(li);
    });
    show('leaderboard');
  }

  function showEnded(m) {
    s.ended = true;
    s.q = null;
    stopTimer();
    $('e-rank').textContent = (typeof m.standing === 'string' && m.standing ? m.standing + '. ' : '')
      + 'You scored ' + plural(m.score || 0, 'point', 'points') + '.';
    var list = $('e-podium');
    clear(list);
    // No podium when the teacher chose never to show a leaderboard: no heading either.
    $('e-podium-title').hidden = !(m.podium && m.podium.length);
    var places = ['1st', '2nd', '3rd', '4th', '5th', '6th', '7th', '8th', '9th', '10th'];
    (m.podium || []).forEach(function (row) {
      var li = el('li', { className: (row.nickname === s.nickname ? 'mine ' : '') + 'place' + row.place });
      li.appendChild(el('span', { className: 'rank medal' }, places[row.place - 1] || row.place + 'th'));
      li.appendChild(el('span', { className: 'name' }, row.nickname));
      li.appendChild(el('span', { className: 'score' }, plural(row.score, 'point', 'points')));
      list.appendChild(li);
    });
    show('ended');
  }

  // The student's own review, sent to this page alone once the quiz is over.
  var OUTCOMES = {
    right: ['\u2713', 'Right'], partly: ['\u00BD', 'Partly right'], wrong: ['\u2717', 'Wrong'],
    'no answer': ['\u2013', 'No answer'], poll: ['\u2022', 'Poll: no right answer']
  };

  function showReview(m) {
    var entries = Array.isArray(m.entries) ? m.entries : [];
    var list = $('e-review');
    clear(list);
    entries.forEach(function (e) {
      var outcome = OUTCOMES[e.outcome] || OUTCOMES.wrong;
      var li = el('li', { className: 'review-item', 'data-outcome': String(e.outcome || '') });
      var head = el('p', { className: 'review-head' });
      head.appendChild(el('span', { className: 'review-mark', 'aria-hidden': 'true' }, outcome[0]));
      head.appendChild(el('span', null, 'Question ' + num(e.number) + ' \u00B7 ' + outcome[1]));
      li.appendChild(head);
      li.appendChild(el('p', { className: 'review-prompt' }, e.prompt));
      li.appendChild(el('p', null, 'Your answer: ' + (e.your_answer || '(none)')));
      if (e.right_answer) { li.appendChild(el('p', null, 'Right answer: ' + e.right_answer)); }
      if (e.explanation) { li.appendChild(el('p', { className: 'review-why' }, e.explanation)); }
      if (e.source) { li.appendChild(el('p', { className: 'source' }, 'Source: ' + e.source)); }
      list.appendChild(li);
    });
    $('e-review-box').hidden = !entries.length;
    var misses = m.misses && Array.isArray(m.misses.questions) ? m.misses : null;
    var save = $('e-save');
    save.hidden = !(misses && misses.questions.length);
    $('e-save-help').hidden = save.hidden;
    save.textContent = misses ? 'Save my misses (' + plural(misses.questions.length, 'question', 'questions') + ')' : '';
    save.onclick = function () {
      var blob = new Blob([JSON.stringify(misses, null, 2) + '\n'], { type: 'application/json' });
      var link = el('a', { href: URL.createObjectURL(blob), download: 'civic-quiz-misses.json' });
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    };
  }

  // -- start --------------------------------------------------------------------------------------
  function init() {
    var params = new URLSearchParams(window.location.search);
    var urlCode = (params.get('code') || '').replace(/\s+/g, '').slice(0, 12);
    var savedCode = store.get(KEY.code);
    if (urlCode && urlCode !== savedCode) {
      store.del(KEY.code);  // a new session: don't rejoin the old one by itself
      savedCode = '';
    }
    $('code').value = urlCode || savedCode;
    $('nickname').value = store.get(KEY.nickname);
    $('join-form').addEventListener('submit', submitJoin);
    buildReadAloud();
    $('q-form').addEventListener('submit', submitAnswer);
    $('s-retry').addEventListener('click', function () {
      s.stopped = false;
      s.attempts = 0;
      s.wantJoin = !!store.get(KEY.code);
      if (!s.wantJoin) { show('join'); }
      if (s.ws && s.ws.readyState === WebSocket.OPEN) {  // refused but still connected
        if (s.wantJoin) { setConn('connecting', 'Joining…'); sendJoin(); }
        return;
      }
      connect();
    });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') { s.attempts = 0; reconnectNow(); }
    });
    window.addEventListener('online', function () { s.attempts = 0; reconnectNow(); });
    window.addEventListener('resize', fitChoices);

    // A saved code and nickname from this session: rejoin without asking (a reload, a new tab).
    s.wantJoin = !!(savedCode && store.get(KEY.nickname));
    show('join', false);
    if (s.wantJoin) {
      $('join-error').textContent = '';
      setConn('connecting', 'Rejoining…');
    } else if ($('code').value) {
      $('nickname').focus();
    } else {
      $('code').focus();
    }
    connect();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
