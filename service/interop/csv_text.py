"""CSV exports: one writer for every file partners download."""

import csv
import io
from collections.abc import Iterable


def csv_text(columns: tuple[str, ...], rows: Iterable[dict[str, object]]) -> str:
    """A header line, then one line per row (Unix line ends, the columns in the given order)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
