"""Returning citizens (issue 15, the seed's "kho dữ liệu"): what the centre keeps, with consent.

1. **Keep.** At the end of a filing the citizen may tick a separate consent ("keep my identity
   details and accepted documents for my next filing; kept KEPT_DATA_MONTHS months"). The device
   sends it as ``consent.keep``; it is stored with the version. When staff accept that version
   (services/review.py), ``keep_on_accept`` stores, in the acceptance's own transaction, the
   shared-vocabulary answers of the dossier (``vocab`` meanings, domain/catalog/vocab.py) and a
   reference to each accepted document's stored upload, under a keyed hash of the applicant's ID
   number. A later accepted dossier with the consent replaces the values and adds its documents.
2. **Use.** A signed-in volunteer looks the citizen up with the ID number and the PIN of any
   receipt of a kept dossier (``lookup``). Misses are limited per ID number and per client
   address (the atomic limiter, services/ratelimit.py); an unknown ID number and a wrong PIN get
   the same 404 after the same work. A hit returns the values, the kept documents and a grant
   that lets the volunteer's device copy a kept document into its new dossier (``attach``).
3. **Withdraw / expire.** The citizen withdraws on the status page (dossier code + PIN of a kept
   dossier): the record, its document references and any kept file no dossier needs go at once.
   Housekeeping does the same for records past ``expires_at``.

Every use, withdrawal and expiry is audited with ids and counts only: never a name or a number.

The package splits it by concern: ``keep`` (what is kept, on acceptance), ``use`` (the
volunteer's look-up, its limits and the document grant), ``retention`` (the citizen's side,
the withdrawal and the expiry purge). Importers take the names below from here.
"""
from __future__ import annotations

from .keep import (CHOICES, ID_NUMBER, MAX_CODES, add_months, choice_values, clean_number, documents_of, expiry,
                   id_key, keep_on_accept, vocab_values, wants_keeping)
from .retention import delete_record, kept_attachment_ids, kept_for, purge_expired, record_for_code, summary, withdraw
from .use import GRANT_SECONDS, attach, lookup

__all__ = ["CHOICES", "GRANT_SECONDS", "ID_NUMBER", "MAX_CODES", "add_months", "attach", "choice_values", "clean_number",
           "delete_record", "documents_of", "expiry", "id_key", "keep_on_accept", "kept_attachment_ids", "kept_for",
           "lookup", "purge_expired", "record_for_code", "summary", "vocab_values", "wants_keeping", "withdraw"]
