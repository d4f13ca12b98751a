// The student page's input for `text` questions (one native ES module per question type; the
// registry is ./index.js). `build(m, area, ui)` puts the input for the question message `m`
// into `area` and returns {value(), disable(off)}: value() gives {value} to send (wire ids,
// never positions) or {problem} to show. `ui` holds the page's helpers (el, clear, status,
// choiceButton, acked, focusSubmit). Every text from the server goes in with textContent.

export const instructions =
  'Type your answer, then Submit.';

export function build(m, area, ui) {
  var label = ui.el('label', { for: 'q-text' }, 'Your answer');
  var input = ui.el('input', {
    id: 'q-text', type: 'text', maxlength: String(m.max_length || 500), autocomplete: 'off',
    autocapitalize: 'off', spellcheck: 'false', enterkeyhint: 'send'
  });
  area.appendChild(label);
  area.appendChild(input);
  return {
    value: function () {
      var text = input.value.trim();
      if (!text) { return { problem: 'Type an answer first.' }; }
      return { value: text };
    },
    disable: function (off) { input.disabled = off; }
  };
}
