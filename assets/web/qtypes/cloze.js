// The student page's input for `cloze` questions (one native ES module per question type; the
// registry is ./index.js). `build(m, area, ui)` puts the input for the question message `m`
// into `area` and returns {value(), disable(off)}: value() gives {value} to send (one text per
// gap) or {problem} to show. The prompt above numbers the gaps "(1) _____"; each gap here is a
// labelled text box, or a drop-down when the message lists its `options` (sent alphabetically,
// so their order never hints at the answer). Every text from the server goes in with
// textContent.

export const instructions = 'Fill in each numbered gap: type a word, or pick one. Then Submit.';

// What the student typed, in words, for the feedback beside the right answer ("(1) fentanil;
// (2) Mass Destruction"), numbered as the answer numbers its gaps (one gap: the word alone, as
// its answer shows it). A gap forgiven a small slip then stands next to its right spelling.
export function typed(value) {
  if (!Array.isArray(value)) { return ''; }
  if (value.length === 1) { return String(value[0]).trim() || '\u2014'; }  // as its answer: no (1)
  return value.map(function (v, i) {
    return '(' + (i + 1) + ') ' + (String(v).trim() || '\u2014');
  }).join('; ');
}

export function build(m, area, ui) {
  var gaps = Array.isArray(m.gaps) ? m.gaps : [];
  var fields = [];
  var list = ui.el('div', { className: 'gaps', role: 'group', 'aria-label': 'Gaps' });
  gaps.forEach(function (gap, i) {
    var id = 'q-gap-' + (i + 1);
    var row = ui.el('div', { className: 'gap-row' });
    row.appendChild(ui.el('label', { for: id, className: 'gap-label' }, 'Gap ' + (i + 1)));
    var field;
    if (gap && Array.isArray(gap.options) && gap.options.length) {
      field = ui.el('select', { id: id });
      field.appendChild(ui.el('option', { value: '' }, 'Choose\u2026'));
      gap.options.forEach(function (word) {
        var option = ui.el('option', {}, String(word));
        option.value = String(word);
        field.appendChild(option);
      });
    } else {
      field = ui.el('input', {
        id: id, type: 'text', maxlength: String((gap && gap.max_length) || 100),
        autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false',
        enterkeyhint: i + 1 < gaps.length ? 'next' : 'send'
      });
    }
    field.addEventListener('change', function () {
      if (ui.acked()) { ui.status('Tap Submit to change your answer.', ''); }
    });
    row.appendChild(field);
    list.appendChild(row);
    fields.push(field);
  });
  area.appendChild(list);
  return {
    value: function () {
      var values = fields.map(function (f) { return f.value.trim(); });
      if (!values.some(function (v) { return v !== ''; })) {
        return { problem: 'Fill in at least one gap first.' };
      }
      return { value: values };
    },
    disable: function (off) { fields.forEach(function (f) { f.disabled = off; }); }
  };
}
