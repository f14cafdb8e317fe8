"""What an import did, line by line: the same report for the command line and the API."""

from pydantic import ValidationError
from sqlmodel import Field, SQLModel

from geo.gazetteer import Commune, Located
from service.http.problems import field_errors


class Rejection(SQLModel):
    line: int
    reference: str
    reason: str


class Warning(SQLModel):
    line: int
    reference: str
    message: str


class ImportReport(SQLModel):
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    rejected: int = 0
    organisations_created: int = 0
    rejections: list[Rejection] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list, description="Accepted, with a choice to check.")

    def reject(self, line: int, reference: str, reason: str) -> None:
        self.rejected += 1
        self.rejections.append(Rejection(line=line, reference=reference, reason=reason))

    def warn(self, line: int, reference: str, message: str) -> None:
        self.warnings.append(Warning(line=line, reference=reference, message=message))

    def place(self, line: int, reference: str, located: Located) -> Commune:
        """The commune an import chose; a warning naming it when the text could name others."""
        if located.others:
            others = ", ".join(f"{c.name} ({c.department})" for c in located.others)
            chosen = located.commune
            self.warn(
                line, reference, f"commune ambiguë : {chosen.name} ({chosen.insee_code}) retenue ; aussi {others}"
            )
        return located.commune


def reason_of(exc: Exception) -> str:
    """A rejected record's reason, in the words of the check that refused it."""
    if isinstance(exc, ValidationError):
        return " ; ".join(
            f"{e['field']} : {e['message']}" if e["field"] and not e["message"].startswith(e["field"]) else e["message"]
            for e in field_errors(list(exc.errors()))
        )
    return getattr(exc, "detail", None) or str(exc)
