"""Loaders: one module per entity kind. Each is pure: parsed records in, quads out.

Every module exposes ``KIND`` (the IRI kind segment), ``FIELDS`` (the field-to-predicate table)
and ``quads(records, ctx)``.
"""
