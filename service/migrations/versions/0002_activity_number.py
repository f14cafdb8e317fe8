"""organisation activity number (LHEO numero-activite)

Revision ID: 0002
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('organisation', sa.Column('activity_number', sqlmodel.sql.sqltypes.AutoString(length=11), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('organisation') as batch:
        batch.drop_column('activity_number')
