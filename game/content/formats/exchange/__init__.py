"""Each question type's mapping to and from the exchange formats, one module per type.

A question type's rules live in game/core/qtypes; how it is written to Moodle (GIFT and Moodle
XML), Kahoot! and Anki, and to and from Civic Quiz's own CSV, lives here, in a module named
after the type and registered in `registry.py` with one line. The split follows the layering:
game/core never imports game/content, and the Moodle model, Kahoot!'s layout and Anki's HTML
are game/content's business. See docs/question-types.md ("The exchange formats").
"""
