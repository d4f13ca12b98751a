// The student page's input for `numeric` questions (one native ES module per question type; the
// registry is ./index.js). `build(m, area, ui)` puts the input for the question message `m`
// into `area` and returns {value(), disable(off)}: value() gives {value} to send (wire ids,
// never positions) or {problem} to show. `ui` holds the page's helpers (el, clear, status,
// choiceButton, acked, focusSubmit). Every text from the server goes in with textContent.

export const instructions =
  'Type a number, then Submit.';

export function build(m, area, ui) {
  var label = ui.el('label', { for: 'q-number' }, m.unit ? 'Your answer (' + m.unit + ')' : 'Your answer');
  var row = ui.el('div', { className: 'number-row' });
  var input = ui.el('input', {
    id: 'q-number', type: 'number', step: 'any', inputmode: 'decimal', autocomplete: 'off',
    enterkeyhint: 'send'
  });
  row.appendChild(input);
  if (m.unit) { row.appendChild(ui.el('span', { className: 'unit', 'aria-hidden': 'true' }, m.unit)); }
  area.appendChild(label);
  area.appendChild(row);
  return {
    value: function () {
      var raw = input.value.trim().replace(',', '.');
      var n = Number(raw);
      if (raw === '' || !isFinite(n)) { return { problem: 'Type a number first.' }; }
      return { value: n };
    },
    disable: function (off) { input.disabled = off; }
  };
}
