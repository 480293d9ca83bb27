"""returning citizens: identity details and documents kept with consent (keptcitizen, keptdocument)

Revision ID: b4e7d2a9c1f3
Revises: a8c4f0e2b6d9
Create Date: 2026-11-30 17:00:00

Written by hand; mirrors KeptCitizen and KeptDocument in volunteer_app/models.py
(services/returning.py).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

revision: str = 'b4e7d2a9c1f3'
down_revision: Union[str, Sequence[str], None] = 'a8c4f0e2b6d9'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'keptcitizen',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('id_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('values', sa.JSON(), nullable=False),
        sa.Column('codes', sa.JSON(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('id_key'),
    )
    with op.batch_alter_table('keptcitizen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_keptcitizen_expires_at'), ['expires_at'], unique=False)
    op.create_table(
        'keptdocument',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('citizen_id', sa.Integer(), nullable=False),
        sa.Column('attachment_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('document_id', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('procedure_code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('dossier_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('name', sa.JSON(), nullable=False),
        sa.Column('kept_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['citizen_id'], ['keptcitizen.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('keptdocument', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_keptdocument_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_keptdocument_attachment_id'), ['attachment_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('keptdocument', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_keptdocument_attachment_id'))
        batch_op.drop_index(batch_op.f('ix_keptdocument_citizen_id'))
    op.drop_table('keptdocument')
    with op.batch_alter_table('keptcitizen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_keptcitizen_expires_at'))
    op.drop_table('keptcitizen')
