"""the dossier's indexes shaped by its queues: a new dossier writes four or five index pages, not eight (issue 17)

Revision ID: d8f2b5e1c6a4
Revises: c3a9e5f1d7b2
Create Date: 2026-12-02 02:40:00

Written by hand; mirrors Dossier.__table_args__ in volunteer_app/models.py. Every index is one
more page that each new dossier writes (on SQLite, a WAL frame in its commit). Five single-column
indexes become two that the queues read whole:
- ``ix_dossier_centre_state_due`` (centre_id, state, due_at): a centre's queue, of one state or
  all, in due order; a centre's reports and dossiers (its first column), so ``ix_dossier_centre_id``
  goes;
- ``ix_dossier_state_due`` (state, due_at): every centre's queue (admins), the overdue list
  (tracked states with due_at before now), so ``ix_dossier_state`` and ``ix_dossier_due_at`` go;
- ``ix_dossier_received_at`` and ``ix_dossier_procedure_code``: their filters only narrow a
  centre's queue, which the first index has found already.
- ``ix_dossier_submitted_by`` (a volunteer's own dossiers) becomes partial: a citizen's own filing
  (no volunteer, submitted_by NULL) writes no entry; ``submitted_by = ?`` still reads it.
The two unique ones stay. A new citizen's dossier writes four index pages instead of eight.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = 'd8f2b5e1c6a4'
down_revision: Union[str, Sequence[str], None] = 'c3a9e5f1d7b2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_DROPPED = {'ix_dossier_centre_id': ['centre_id'], 'ix_dossier_state': ['state'], 'ix_dossier_due_at': ['due_at'],
            'ix_dossier_received_at': ['received_at'], 'ix_dossier_procedure_code': ['procedure_code']}


def upgrade() -> None:
    op.create_index('ix_dossier_centre_state_due', 'dossier', ['centre_id', 'state', 'due_at'], unique=False)
    op.create_index('ix_dossier_state_due', 'dossier', ['state', 'due_at'], unique=False)
    for name in _DROPPED:
        op.drop_index(name, table_name='dossier')
    op.drop_index('ix_dossier_submitted_by', table_name='dossier')
    op.create_index('ix_dossier_submitted_by', 'dossier', ['submitted_by'], unique=False,
                    sqlite_where=sa.text('submitted_by IS NOT NULL'),
                    postgresql_where=sa.text('submitted_by IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_dossier_submitted_by', table_name='dossier')
    op.create_index('ix_dossier_submitted_by', 'dossier', ['submitted_by'], unique=False)
    for name, columns in _DROPPED.items():
        op.create_index(name, 'dossier', columns, unique=False)
    op.drop_index('ix_dossier_state_due', table_name='dossier')
    op.drop_index('ix_dossier_centre_state_due', table_name='dossier')
