// The student page's input for `multiple` questions (one native ES module per question type; the
// registry is ./index.js). `build(m, area, ui)` puts the input for the question message `m`
// into `area` and returns {value(), disable(off)}: value() gives {value} to send (wire ids,
// never positions) or {problem} to show. `ui` holds the page's helpers (el, clear, status,
// choiceButton, acked, focusSubmit). Every text from the server goes in with textContent.

import { buildChoices } from './choices.js';

export const instructions = 'Tap every answer that is right, then Submit.';

export function build(m, area, ui) { return buildChoices(m, area, ui, true); }
