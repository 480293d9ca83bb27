"""dossier: when the receipt (with the citizen's PIN) was printed or handed over

Revision ID: f15a7c3d9e21
Revises: e5b2c9d4a1f7
Create Date: 2026-11-30 14:00:00

Written by hand; mirrors Dossier.receipt_handed_at in volunteer_app/models.py.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'f15a7c3d9e21'
down_revision: Union[str, Sequence[str], None] = 'e5b2c9d4a1f7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('receipt_handed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_column('receipt_handed_at')
