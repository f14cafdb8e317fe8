"""an adviser follows a youth file: told when a new option ranks in its top results

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("youth") as batch:
        batch.add_column(sa.Column("followed_by_id", sa.Integer(), nullable=True))
        batch.create_index("ix_youth_followed_by_id", ["followed_by_id"], unique=False)
        batch.create_foreign_key("fk_youth_followed_by_id_user", "user", ["followed_by_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("youth") as batch:
        batch.drop_constraint("fk_youth_followed_by_id_user", type_="foreignkey")
        batch.drop_index("ix_youth_followed_by_id")
        batch.drop_column("followed_by_id")
