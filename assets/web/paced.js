/* The student page's student-paced flow (wire version 2; docs/classroom-protocol.md, "Student-
 * paced sessions"): each student goes at their own speed. Question → answer → feedback (full,
 * right-or-wrong only, or none) → Next; the timer per question (when it runs out, the page asks
 * for the next question itself); missed questions come back once, marked "Second chance"; the
 * personal code under the question, to carry on from another device with the name and that code;
 * at the end the score and the personal review (or when the session closes).
 *
 * Why a module of its own: student.js runs the live (teacher-paced) page and owns everything
 * both share (the connection, the join form, each question type's input, the timer, the review
 * list). When the host serves a student-paced session it marks the page (<html data-wire="2">),
 * student.js speaks version 2 and hands its message handlers to installPaced, which replaces the
 * ones whose meaning differs and adds the new ones. Text from the server goes on the page with
 * textContent only, never as HTML.
 */

var NEXT_AFTER_MS = 1000;  // after the countdown reaches 0, ask for the next question (time-out)

export function installPaced(p) {
  var $ = p.$;
  var el = p.el;
  var s = p.s;
  var h = p.handlers;
  var original = {
    welcome: h.welcome, question: h.question, refused: h.refused, error: h.error,
    paused: h.paused, review: h.review, ended: h.ended
  };
  var paced = {
    settings: {}, code: '', index: null, answered: false, between: false, finished: false,
    nextTimer: null, wantNext: false, continuing: null
  };

  // -- the screens this flow adds (built once, in the page's main) -------------------------------
  function section(id, title) {
    var node = el('section', { id: 'screen-' + id, className: 'screen paced', 'aria-labelledby': id + '-title' });
    node.hidden = true;
    node.appendChild(el('h1', { id: id + '-title', tabindex: '-1' }, title));
    $('main').appendChild(node);
    return node;
  }

  var link = el('link', { rel: 'stylesheet', href: 'paced.css' });
  document.head.appendChild(link);

  var wait = section('paced-wait', 'Getting your question…');
  wait.appendChild(el('p', { className: 'help' }, 'Keep this page open. If your phone sleeps or the Wi-Fi drops, it carries on by itself.'));

  var fb = section('feedback', '');
  fb.appendChild(el('p', { id: 'fb-points', className: 'big' }));
  var box = el('div', { id: 'fb-answer', className: 'answer-box' });
  box.appendChild(el('h2', null, 'The answer'));
  box.appendChild(el('p', { id: 'fb-correct' }));
  box.appendChild(el('p', { id: 'fb-typed', hidden: true }));
  fb.appendChild(box);
  fb.appendChild(el('p', { id: 'fb-explanation' }));
  fb.appendChild(el('p', { id: 'fb-source', className: 'source' }));
  fb.appendChild(el('p', { id: 'fb-later', className: 'help' }));
  var next = el('button', { id: 'fb-next', className: 'primary', type: 'button' }, 'Next question');
  fb.appendChild(next);
  next.addEventListener('click', function () { askNext(); });

  var codeLine = el('p', { id: 'p-code', className: 'personal-code' });
  codeLine.hidden = true;
  $('screen-question').appendChild(codeLine);
  var chance = el('p', { id: 'p-chance', className: 'second-chance' }, 'Second chance: you missed this one before.');
  chance.hidden = true;
  $('q-prompt').parentNode.insertBefore(chance, $('q-prompt'));

  var later = el('p', { id: 'e-later', className: 'help' });
  later.hidden = true;
  $('e-review-box').parentNode.insertBefore(later, $('e-review-box'));

  // -- carrying on from another device -----------------------------------------------------------
  var more = el('details', { id: 'p-continue', className: 'continue' });
  more.appendChild(el('summary', null, 'Carry on from another device'));
  more.appendChild(el('p', { className: 'help' }, 'Started on another phone or computer? Type the join code above, your name as you joined, and the personal code shown on your first device.'));
  more.appendChild(el('label', { 'for': 'p-name' }, 'Your name'));
  var nameInput = el('input', { id: 'p-name', type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: '20' });
  more.appendChild(nameInput);
  more.appendChild(el('label', { 'for': 'p-personal' }, 'Personal code'));
  var codeInput = el('input', { id: 'p-personal', type: 'text', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters', maxlength: '16', placeholder: 'K7M-3QX' });
  more.appendChild(codeInput);
  more.appendChild(el('p', { id: 'p-continue-error', className: 'error', role: 'alert' }));
  var carry = el('button', { id: 'p-carry', className: 'primary', type: 'button' }, 'Carry on');
  more.appendChild(carry);
  $('join-form').parentNode.appendChild(more);
  carry.addEventListener('click', function () {
    var joinCode = $('code').value.replace(/\s+/g, '');
    var name = nameInput.value.trim();
    var personal = codeInput.value.trim();
    if (!joinCode || !name || !personal) {
      $('p-continue-error').textContent = 'Type the join code, your name and your personal code.';
      return;
    }
    $('p-continue-error').textContent = '';
    p.store.set(p.KEY.code, joinCode);
    p.store.set(p.KEY.nickname, name);
    paced.continuing = { type: 'continue', code: joinCode, nickname: name, personal_code: personal, token: p.token() };
    s.stopped = false;
    s.wantJoin = false;  // this first time it is a `continue`, not a `join`
    p.setConn('connecting', 'Joining…');
    sendContinue();
  });

  function sendContinue() {
    if (!paced.continuing) { return; }
    if (p.send(Object.assign({}, paced.continuing))) { return; }
    s.attempts = 0;
    p.connect();
    var tries = 0;
    var poll = window.setInterval(function () {
      tries += 1;
      if (p.send(Object.assign({}, paced.continuing)) || tries > 100) { window.clearInterval(poll); }
    }, 100);
  }

  // -- flow ---------------------------------------------------------------------------------------
  function clearNext() {
    window.clearTimeout(paced.nextTimer);
    paced.nextTimer = null;
  }

  function askNext() {
    clearNext();
    if (paced.finished) { p.show('ended'); return; }  // the last feedback read: the results
    paced.wantNext = true;
    next.disabled = true;
    p.send({ type: 'next' });
  }

  function showCode() {
    codeLine.hidden = !paced.code;
    p.clear(codeLine);
    if (!paced.code) { return; }
    codeLine.appendChild(document.createTextNode('Your personal code: '));
    codeLine.appendChild(el('strong', { className: 'code' }, paced.code));  // never split
    codeLine.appendChild(document.createTextNode(' (to carry on on another device, pick your name and type it)'));
  }

  h.welcome = function (m) {
    original.welcome(m);
    paced.continuing = null;
    paced.settings = m.settings && typeof m.settings === 'object' ? m.settings : {};
    paced.code = typeof m.personal_code === 'string' ? m.personal_code : '';
    more.open = false;
    showCode();
    if (s.screen === 'lobby') { p.show('paced-wait'); }
  };

  h.question = function (m) {
    clearNext();
    paced.index = m.index;
    paced.answered = false;
    paced.between = false;
    paced.wantNext = false;
    s.ended = false;
    original.question(m);
    var number = typeof m.number === 'number' ? m.number : m.index + 1;
    $('q-progress').textContent = (m.second_chance ? 'Second chance ' : 'Question ')
      + number + ' of ' + m.total;
    chance.hidden = !m.second_chance;
    showCode();
    if (typeof m.remaining_s === 'number' && isFinite(m.remaining_s)) {
      // When the countdown has run out, the host records the time-out on `next`.
      paced.nextTimer = window.setTimeout(function () {
        if (paced.index === m.index && !paced.answered && !s.paused) { askNext(); }
      }, m.remaining_s * 1000 + NEXT_AFTER_MS);
    }
  };

  h.ack = function (m) {  // feedback "nothing until the end": the answer is in, the next comes
    if (m.index !== paced.index) { return; }
    paced.answered = true;
    p.setDisabled(true);
    p.status('Answer received.', 'ok');
  };

  h.feedback = function (m) {
    clearNext();
    p.stopTimer();
    paced.answered = true;
    paced.between = true;
    paced.wantNext = false;
    var r = m.result || {};
    var poll = s.q && s.q.question_type === 'poll';
    var title;
    var tone;
    if (r.timed_out) { title = 'Time is up'; tone = 'bad'; }
    else if (poll) { title = 'Thanks for voting!'; tone = 'neutral'; }
    else if (r.correct) { title = '\u2713 Correct!'; tone = 'good'; }
    else if (r.credit > 0) { title = 'Partly right'; tone = 'part'; }
    else { title = '\u2717 Not quite'; tone = 'bad'; }
    $('feedback-title').textContent = (m.second_chance ? 'Second chance: ' : '') + title;
    fb.setAttribute('data-tone', tone);
    $('fb-points').textContent = poll ? '' : '+' + p.num(r.points || 0) + ' points \u00B7 '
      + p.plural(m.score || 0, 'point', 'points') + ' in all';
    box.hidden = !m.correct_text;
    $('fb-correct').textContent = m.correct_text || '';
    p.confirmTyped({ index: m.index });  // the feedback is this answer's acknowledgement
    p.showTyped($('fb-typed'), m.index, !r.timed_out && !!m.correct_text);
    $('fb-explanation').textContent = m.explanation || '';
    $('fb-source').textContent = m.source ? 'Source: ' + m.source : '';
    $('fb-later').textContent = m.correct_text || poll ? ''
      : 'The right answers are in your review at the end.';
    next.disabled = false;
    next.textContent = 'Next question';
    p.show('feedback');
    p.announce([$('feedback-title').textContent, $('fb-points').textContent].join(' ').trim());
  };

  h.done = function (m) {
    clearNext();
    p.stopTimer();
    paced.finished = true;
    paced.between = false;
    s.q = null;
    $('e-title').textContent = 'All done!';
    var firsts = 'You got ' + p.num(m.right || 0) + ' of ' + p.num(m.total || 0) + ' right the first time';
    var seconds = m.second_chances_right ? ' and ' + p.plural(m.second_chances_right, 'second chance', 'second chances') + ' right' : '';
    $('e-rank').textContent = firsts + seconds + '. You scored ' + p.plural(m.score || 0, 'point', 'points') + '.';
    $('e-podium-title').hidden = true;
    p.clear($('e-podium'));
    later.hidden = !!m.review_now;
    later.textContent = m.review_now ? '' : 'Your review, with the right answers, opens when the session closes. Come back to this page then.';
    if (s.screen === 'feedback') {  // the last answer's feedback first, then the results
      next.textContent = 'See my results';
      return;
    }
    p.show('ended');
  };

  h.review = function (m) {
    original.review(m);
    later.hidden = true;
    var items = $('e-review').children;
    (Array.isArray(m.entries) ? m.entries : []).forEach(function (e, i) {
      if (!e.second_chance || !items[i]) { return; }
      var words = { right: 'right', partly: 'partly right', wrong: 'wrong', 'no answer': 'no answer' };
      items[i].appendChild(el('p', { className: 'review-second' },
        'Second chance: ' + (words[e.second_chance] || e.second_chance)));
    });
  };

  h.ended = function (m) {
    clearNext();
    original.ended({ score: m.score, standing: m.standing, podium: [] });
    $('e-title').textContent = m.reason === 'closed' ? 'The session has closed' : 'Quiz over!';
    later.hidden = true;
  };

  h.closing = function (m) {
    p.notice(m.closes_at ? 'This session now closes ' + when(m.closes_at) + '.'
      : 'This session stays open until the teacher ends it.');
  };

  h.reopened = function (m) {
    s.ended = false;
    p.notice('The teacher reopened the session' + (m.closes_at ? ' until ' + when(m.closes_at) : '') + '.');
    if (!paced.finished) { askNext(); }
  };

  h.paused = function (m) {
    original.paused(m);
    if (!m.paused && paced.wantNext) { askNext(); }
    if (m.paused && s.screen === 'feedback') { p.notice('Paused by the teacher.'); }
  };

  h.refused = function (m) {
    if (m.why === 'code' || (m.why === 'taken' && !Array.isArray(m.roster))) {
      p.show('join');
      more.open = true;
      nameInput.value = nameInput.value || String(p.store.get(p.KEY.nickname) || '');
      $('p-continue-error').textContent = String(m.reason || '');
      p.setConn('online', 'Connected');
      codeInput.focus();
      return;
    }
    original.refused(m);
  };

  h.error = function (m) {
    var reason = String(m.reason || '');
    if (/^too many wrong codes/.test(reason)) {
      p.show('join');
      more.open = true;
      $('p-continue-error').textContent = reason.charAt(0).toUpperCase() + reason.slice(1) + '.';
      return;
    }
    if (reason === 'the session is paused') { paced.wantNext = paced.between || paced.wantNext; }
    if (reason === 'answer this question first' || reason === 'time is up') { return; }
    if (paced.between) { next.disabled = false; }
    original.error(m);
  };

  function when(iso) {
    var at = new Date(String(iso));
    if (isNaN(at.getTime())) { return 'at ' + iso; }
    return 'on ' + at.toLocaleString([], { weekday: 'long', hour: '2-digit', minute: '2-digit' });
  }

  return paced;
}
