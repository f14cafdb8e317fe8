"""a youth's street address (optional); an apprenticeship offer's diploma, RNCP code and CFA

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("youth") as batch:
        batch.add_column(
            sa.Column("home_address", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default="")
        )
    with op.batch_alter_table("offer") as batch:
        batch.add_column(
            sa.Column("diploma", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("rncp_code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch.add_column(sa.Column("cfa_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_offer_cfa_id_organisation", "organisation", ["cfa_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("offer") as batch:
        batch.drop_constraint("fk_offer_cfa_id_organisation", type_="foreignkey")
        batch.drop_column("cfa_id")
        batch.drop_column("rncp_code")
        batch.drop_column("diploma")
    with op.batch_alter_table("youth") as batch:
        batch.drop_column("home_address")
