"""Fixtures of the reliability battery (the helpers live in ``_reliability.py``).

Importing ``_reliability`` installs the audit hook, once per process.
"""

from __future__ import annotations

from _reliability import audit, mask_copy, mask_store, real_page

__all__ = ["audit", "mask_copy", "mask_store", "real_page"]
