// The student page's input for the choice questions (one native ES module per question type; the
// registry is ./index.js). `build(m, area, ui)` puts the input for the question message `m`
// into `area` and returns {value(), disable(off)}: value() gives {value} to send (wire ids,
// never positions) or {problem} to show. `ui` holds the page's helpers (el, clear, status,
// choiceButton, acked, focusSubmit). Every text from the server goes in with textContent.
// (single, multiple, true_false and poll share it).

export function buildChoices(m, area, ui, multi) {
  var list = ui.el('div', { className: 'choices', role: 'group', 'aria-label': 'Answers' });
  var buttons = [];
  var picked = [];
  (m.choices || []).forEach(function (choice, position) {
    var button = ui.choiceButton(choice, position);
    button.addEventListener('click', function () {
      if (multi) {
        var at = picked.indexOf(position);
        if (at >= 0) { picked.splice(at, 1); } else { picked.push(position); }
      } else {
        picked = [position];
      }
      buttons.forEach(function (b, i) {
        var on = picked.indexOf(i) >= 0;
        b.setAttribute('aria-pressed', on ? 'true' : 'false');
        b.lastChild.textContent = on ? '\u2713' : '';
      });
      if (ui.acked()) { ui.status('Tap Submit to change your answer.', ''); }
    });
    buttons.push(button);
    list.appendChild(button);
  });
  area.appendChild(list);
  return {
    value: function () {
      if (!picked.length) {
        return { problem: multi ? 'Choose at least one answer first.' : 'Choose an answer first.' };
      }
      if (multi) {
        return { value: picked.slice().sort(function (a, b) { return a - b; })
          .map(function (i) { return m.choices[i].id; }) };
      }
      return { value: m.choices[picked[0]].id };
    },
    disable: function (off) { buttons.forEach(function (b) { b.disabled = off; }); }
  };
}
