"""Procedure catalogue: schema, loader, summaries (see docs/catalog-format.md)."""
from .loader import Catalog, CatalogError, Entry, check_definition, load_catalog, parse_entry, parse_procedure
from .schema import Document, Field, Procedure, Step, T
from .summary import ProcedureSummary, fee_summary, format_money, summarize, time_summary

__all__ = [
    "Catalog", "CatalogError", "Document", "Entry", "Field", "Procedure", "ProcedureSummary", "Step", "T",
    "fee_summary", "format_money", "load_catalog", "parse_procedure", "summarize", "time_summary",
]
