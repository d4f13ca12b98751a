"""Question types, one module each: everything about a type that doesn't draw.

`registry.QTYPES` lists them; docs/question-types.md explains how to add one.
"""
