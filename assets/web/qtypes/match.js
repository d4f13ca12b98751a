// The student page's input for `match` questions (one native ES module per question type; the
// registry is ./index.js). `build(m, area, ui)` puts the input for the question message `m`
// into `area` and returns {value(), disable(off)}: value() gives {value} to send (wire ids,
// never positions) or {problem} to show. `ui` holds the page's helpers (el, clear, status,
// choiceButton, acked, focusSubmit). Every text from the server goes in with textContent.

export const instructions =
  'Tap an item in the first list, then its partner in the second list.';

export function build(m, area, ui) {
  var left = m.left || [];
  var right = m.right || [];
  var pairOf = {};   // left position -> right position
  var selected = -1; // left position
  var disabled = false;
  var leftBox = ui.el('div', { className: 'match-col' });
  var rightBox = ui.el('div', { className: 'match-col' });
  leftBox.appendChild(ui.el('h2', { className: 'match-head' }, '1. Tap an item'));
  rightBox.appendChild(ui.el('h2', { className: 'match-head' }, '2. Then tap its partner'));
  var leftList = ui.el('div', { className: 'match-list', role: 'group', 'aria-label': 'Items' });
  var rightList = ui.el('div', { className: 'match-list', role: 'group', 'aria-label': 'Partners' });
  leftBox.appendChild(leftList);
  rightBox.appendChild(rightList);
  var clearButton = ui.el('button', { type: 'button', className: 'secondary' }, 'Clear pairs');
  var live = ui.el('p', { className: 'sr-only', 'aria-live': 'polite' });

  function rightOwner(r) {
    for (var key in pairOf) { if (pairOf[key] === r) { return Number(key); } }
    return -1;
  }

  function look(button, l) {  // a pair has its left item's number and colour, as in solo play
    button.style.setProperty('--look', 'var(--c' + (l % 9) + ')');
    return l + 1;
  }

  function render() {
    ui.clear(leftList);
    ui.clear(rightList);
    left.forEach(function (item, l) {
      var paired = pairOf[l] !== undefined;
      var button = ui.el('button', {
        type: 'button', className: 'match-item' + (paired ? ' paired' : ''),
        'aria-pressed': l === selected ? 'true' : 'false'
      });
      button.appendChild(ui.el('span', { className: 'badge', 'aria-hidden': 'true' }, paired ? look(button, l) : ''));
      button.appendChild(ui.el('span', { className: 'label' }, item.text));
      button.setAttribute('aria-label', item.text + (paired ? ', paired with ' + right[pairOf[l]].text : ', not paired'));
      button.disabled = disabled;
      button.addEventListener('click', function () {
        selected = selected === l ? -1 : l;
        render();
        leftList.children[l].focus();
        if (selected >= 0) { live.textContent = 'Now tap the partner of ' + item.text + '.'; }
      });
      leftList.appendChild(button);
    });
    right.forEach(function (item, r) {
      var owner = rightOwner(r);
      var button = ui.el('button', {
        type: 'button', className: 'match-item' + (owner >= 0 ? ' paired' : '')
      });
      button.appendChild(ui.el('span', { className: 'badge', 'aria-hidden': 'true' }, owner >= 0 ? look(button, owner) : ''));
      button.appendChild(ui.el('span', { className: 'label' }, item.text));
      button.setAttribute('aria-label', item.text + (owner >= 0 ? ', paired with ' + left[owner].text : ''));
      button.disabled = disabled;
      button.addEventListener('click', function () {
        if (selected < 0) {
          live.textContent = '';
          ui.status('First tap an item in the first list.', '');
          return;
        }
        var previous = rightOwner(r);
        if (previous >= 0) { delete pairOf[previous]; }
        pairOf[selected] = r;
        var l = selected;
        live.textContent = left[l].text + ' paired with ' + item.text + '.';
        var next = -1;
        for (var i = 0; i < left.length; i++) { if (pairOf[i] === undefined) { next = i; break; } }
        selected = -1;
        render();
        ui.status(countText(), '');
        if (next >= 0) { leftList.children[next].focus(); } else { ui.focusSubmit(); }
      });
      rightList.appendChild(button);
    });
    clearButton.disabled = disabled;
  }

  function countText() {
    return Object.keys(pairOf).length + ' of ' + left.length + ' matched.';
  }

  clearButton.addEventListener('click', function () {
    pairOf = {};
    selected = -1;
    render();
    ui.status(countText(), '');
  });
  area.appendChild(leftBox);
  area.appendChild(rightBox);
  area.appendChild(clearButton);
  area.appendChild(live);
  render();
  return {
    value: function () {
      // One entry per left item, in the order they were sent: its partner's id, or -1.
      var partners = left.map(function (item, l) {
        return pairOf[l] !== undefined ? right[pairOf[l]].id : -1;
      });
      if (!Object.keys(pairOf).length) { return { problem: 'Match at least one pair first.' }; }
      return { value: partners };
    },
    disable: function (off) { disabled = off; render(); }
  };
}
