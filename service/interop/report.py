"""What an import did, line by line: the same report for the command line and the API."""

from sqlmodel import Field, SQLModel


class Rejection(SQLModel):
    line: int
    reference: str
    reason: str


class ImportReport(SQLModel):
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    rejected: int = 0
    organisations_created: int = 0
    rejections: list[Rejection] = Field(default_factory=list)

    def reject(self, line: int, reference: str, reason: str) -> None:
        self.rejected += 1
        self.rejections.append(Rejection(line=line, reference=reference, reason=reason))
