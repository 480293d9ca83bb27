"""dossiercounter: a day's row holds the base of its codes (the last dossier id before the day), not a running count

Revision ID: e5b2c9d4a1f7
Revises: e5b2c9a7f31d
Create Date: 2026-11-30 13:30:00

Data only (issue 17): a dossier's INSERT now takes its id and its code in one statement, the
code's number being the id less the day's base (services/codes.py), so no row is locked and
bumped by every submission. The old rows count numbers, not ids: they are dropped, and the
running app writes each day's base row anew when the day's first dossier comes (numbering past
the codes the day already has). Downgrade writes the running counts back from the codes.
"""
from typing import Sequence, Union

from alembic import op

revision: str = 'e5b2c9d4a1f7'
down_revision: Union[str, Sequence[str], None] = 'e5b2c9a7f31d'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("DELETE FROM dossiercounter")


def downgrade() -> None:
    # Codes are TS-YYMMDD-NNNN: the day is characters 4-9, the number from the 11th on.
    op.execute("DELETE FROM dossiercounter")
    op.execute("INSERT INTO dossiercounter (day, last) "
               "SELECT substr(code, 4, 6), MAX(CAST(substr(code, 11) AS INTEGER)) FROM dossier "
               "WHERE code LIKE 'TS-%' GROUP BY substr(code, 4, 6)")
