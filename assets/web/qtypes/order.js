// The student page's input for `order` questions (one native ES module per question type; the
// registry is ./index.js). `build(m, area, ui)` puts the input for the question message `m`
// into `area` and returns {value(), disable(off)}: value() gives {value} to send (wire ids,
// never positions) or {problem} to show. `ui` holds the page's helpers (el, clear, status,
// choiceButton, acked, focusSubmit). Every text from the server goes in with textContent.

export const instructions =
  'Tap an item, then move it with Move up and Move down. Submit when the order is right.';

export function build(m, area, ui) {
  var order = (m.items || []).slice();
  var first = order.slice();  // each item keeps the colour of the place it was shown in first
  var selected = -1;  // position in `order`
  var list = ui.el('ol', { className: 'order', 'aria-label': 'Your order' });
  var controls = ui.el('div', { className: 'order-controls' });
  var up = ui.el('button', { type: 'button', className: 'secondary' }, '\u2191 Move up');
  var down = ui.el('button', { type: 'button', className: 'secondary' }, '\u2193 Move down');
  var live = ui.el('p', { className: 'sr-only', 'aria-live': 'polite' });
  controls.appendChild(up);
  controls.appendChild(down);
  var disabled = false;

  function render(focusSelected) {
    ui.clear(list);
    order.forEach(function (item, position) {
      var li = ui.el('li');
      var button = ui.el('button', {
        type: 'button', className: 'order-item', 'aria-pressed': position === selected ? 'true' : 'false'
      });
      button.style.setProperty('--look', 'var(--c' + (first.indexOf(item) % 9) + ')');
      // Named by what it shows ("1 Act against…"): the space keeps number and text apart.
      button.appendChild(ui.el('span', { className: 'num' }, position + 1));
      button.appendChild(document.createTextNode(' '));
      button.appendChild(ui.el('span', { className: 'label' }, item.text));
      button.disabled = disabled;
      button.addEventListener('click', function () {
        selected = selected === position ? -1 : position;
        render(true);
      });
      li.appendChild(button);
      list.appendChild(li);
    });
    up.disabled = disabled || selected <= 0;
    down.disabled = disabled || selected < 0 || selected >= order.length - 1;
    if (focusSelected && selected >= 0) { list.children[selected].firstChild.focus(); }
  }

  function move(step) {
    var to = selected + step;
    if (selected < 0 || to < 0 || to >= order.length) { return; }
    var item = order.splice(selected, 1)[0];
    order.splice(to, 0, item);
    selected = to;
    render(false);
    live.textContent = item.text + ' is now number ' + (to + 1) + ' of ' + order.length + '.';
    (step < 0 ? up : down).focus();
    if ((step < 0 ? up : down).disabled) { list.children[selected].firstChild.focus(); }
  }

  up.addEventListener('click', function () { move(-1); });
  down.addEventListener('click', function () { move(1); });
  area.appendChild(list);
  area.appendChild(controls);
  area.appendChild(live);
  render(false);
  return {
    value: function () { return { value: order.map(function (item) { return item.id; }) }; },
    disable: function (off) { disabled = off; render(false); }
  };
}
