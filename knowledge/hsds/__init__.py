"""The knowledge as Open Referral HSDS 3.0: export (`export.py`) and import (`reader.py`).

HSDS is service-centred and holds one language per data set; Passerelle holds every entry in
up to eight languages. Every Passerelle entry becomes one HSDS service (offices and
organisations are also organizations), one data set per language with the same UUIDs, and what
HSDS has no field for travels as attributes of Passerelle's own taxonomies
(`vocabulary.py`). The whole mapping, both ways, and what is not mapped: docs/hsds.md.
"""
