from sqlmodel import Field

from service.models.base import Table


class CatalogueVersion(Table, table=True):
    """One row, bumped by every write to matchable data; rows carry the version that wrote them.

    Writers take this row's lock, so versions commit in order and a reader that has seen
    version N has also seen every change up to N: the matching index catches up incrementally.
    """

    __tablename__ = "catalogue_version"

    id: int = Field(default=1, primary_key=True)
    version: int = 0
