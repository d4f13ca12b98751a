// The student page's question types: one line per type, named as in the bank format
// (game.core.qtypes.registry); tests/test_qtypes_complete.py checks that every type has one.

import * as single from './single.js';
import * as multiple from './multiple.js';
import * as trueFalse from './true_false.js';
import * as order from './order.js';
import * as match from './match.js';
import * as text from './text.js';
import * as numeric from './numeric.js';
import * as poll from './poll.js';
import * as cloze from './cloze.js';

export const QTYPES = {
  single: single,
  multiple: multiple,
  true_false: trueFalse,
  order: order,
  match: match,
  text: text,
  numeric: numeric,
  poll: poll,
  cloze: cloze
};
