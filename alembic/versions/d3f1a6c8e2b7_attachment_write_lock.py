"""attachments: a write lock (lease) so two PATCHes never write one upload at once

Revision ID: d3f1a6c8e2b7
Revises: 87702cc71b0c
Create Date: 2026-12-01 09:00:00

Written by hand; mirrors Attachment.lock_token / locked_until in volunteer_app/models.py.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'd3f1a6c8e2b7'
down_revision: Union[str, Sequence[str], None] = '87702cc71b0c'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lock_token', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('locked_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('lock_token')
