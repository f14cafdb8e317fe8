"""CSV exports: one writer for every file partners download."""

import csv
import io
from collections.abc import Iterable

# A text cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV
# injection"): it is written with a leading apostrophe, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Numbers stay numbers (a negative longitude is no formula); text is defused. A lone carriage
    return becomes a line break, which the writer quotes (it would end the row otherwise)."""
    if not isinstance(value, str):
        return value
    text = "'" + value if value.startswith(FORMULA_STARTS) else value
    return text.replace("\r\n", "\n").replace("\r", "\n")


def csv_text(columns: tuple[str, ...], rows: Iterable[dict[str, object]]) -> str:
    """A header line, then one line per row (Unix line ends, the columns in the given order)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({name: safe_cell(value) for name, value in row.items()} for row in rows)
    return out.getvalue()
