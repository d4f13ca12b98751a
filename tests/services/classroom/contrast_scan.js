// Measures every visible text and control of the page against what is behind it (WCAG 2.2
// contrast ratios from computed styles); used by test_student_page_contrast.py.
(() => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const v = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const over = (top, under) => top.slice(0, 3).map((c, i) => c * top[3] + under[i] * (1 - top[3]));
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const backdrop = (node) => {  // the colour behind `node`, translucent layers composited
    const layers = [];
    for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255];
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return colour;
  };
  const visible = (n) => n.getClientRects().length > 0 && getComputedStyle(n).visibility !== 'hidden'
    && !n.closest('[hidden]') && !n.closest('.sr-only');
  const name = (n) => n.tagName.toLowerCase() + (n.id ? '#' + n.id : '')
    + (n.className && typeof n.className === 'string' ? '.' + n.className.split(' ').join('.') : '');
  const out = [];
  for (const n of document.querySelectorAll('body *')) {
    if (!visible(n)) continue;
    const s = getComputedStyle(n);
    const text = [...n.childNodes].filter(t => t.nodeType === 3).map(t => t.textContent).join('').trim();
    const back = backdrop(n);
    if (text) {
      const fore = over(parse(s.color), back);
      const px = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
      const large = px >= 24 || (bold && px >= 18.66);
      out.push({what: name(n) + ' "' + text.slice(0, 30) + '"', ratio: ratio(fore, back),
                need: large ? 3 : 4.5});
    }
    // A control told apart by its edge (same fill as what is behind it): the edge needs 3:1.
    if (n.matches('button, input, .choice, .order-item, .match-item')) {
      const own = parse(s.backgroundColor);
      const behind = backdrop(n.parentElement);
      const edge = parse(s.borderTopColor);
      const width = parseFloat(s.borderTopWidth);
      const filled = own && own[3] > 0 && ratio(over(own, behind), behind) >= 3;
      if (!filled && width > 0 && edge && !n.disabled) {
        out.push({what: name(n) + ' edge', ratio: ratio(over(edge, behind), behind), need: 3});
      }
    }
    if (n === document.activeElement && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) {
      out.push({what: name(n) + ' focus ring', ratio: ratio(over(parse(s.outlineColor), backdrop(n.parentElement)), backdrop(n.parentElement)), need: 3});
    }
  }
  return out;
})
