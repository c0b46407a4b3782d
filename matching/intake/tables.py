"""Reading tables from CSV, XLSX, JSON and JSONL files, row by row, in bounded memory.

A reader never merges two rows and never stops at a bad one: a row it cannot read (an
unbalanced quote, an oversized cell, undecodable bytes, a JSON item that is not an
object or nests too deep, too many cells) is yielded as a :class:`BadRow` in its place,
naming the row and, where known, the column, and reading goes on with the next row.
What a reader holds at once is bounded by :class:`ReadLimits` (one row, one JSON item),
never by the file's size; a file over the row limit yields one :class:`BadRow` at the
first row not read.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from matching.errors import DataFileError


# ----------------------------------------------------------------------------- limits
@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What a reader accepts; past a limit the row (or the rest of the file) is an error.

    Attributes:
        max_cell_chars: Characters in one cell (Excel's own limit is 32,767).
        max_row_chars: Characters in one CSV/JSONL line or one JSON item.
        max_record_lines: Physical lines one quoted CSV cell may span.
        max_columns: Columns of the header and cells of a row.
        max_rows: Data rows read; the rest of the file is reported, not read.
        max_blank_run: Consecutive blank XLSX rows after which reading stops (formatting
            applied to a whole column makes a million of them).
        max_depth: Nesting of a JSON item.
        max_shared_strings_bytes: Uncompressed size of an XLSX file's shared strings,
            which the XLSX reader must hold in memory.
    """

    max_cell_chars: int = 32_767
    max_row_chars: int = 1 << 20
    max_record_lines: int = 100
    max_columns: int = 500
    max_rows: int = 1_048_576
    max_blank_run: int = 10_000
    max_depth: int = 32
    max_shared_strings_bytes: int = 64 << 20


DEFAULT_LIMITS = ReadLimits()


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row the reader could not read; it takes the row's place in :attr:`Table.rows`.

    Attributes:
        reason: What is wrong, in plain words.
        column: The column (header text) at fault, when one is.
    """

    reason: str
    column: str | None = None


Cells = list[Any] | BadRow


@dataclass
class Table:
    """A file's header and its data rows as ``(row number, cells by column index)``.

    A row that could not be read is ``(row number, BadRow)``.
    """

    path: Path
    headers: list[str]
    rows: Iterator[tuple[int, Cells]]
    kind: str  # csv, xlsx, json, jsonl
    document: dict[str, Any] | None = None  # a JSON object holding the rows (a demand list)
    encoding: str | None = None


def open_table(
    path: str | Path,
    *,
    sheet: str | None = None,
    rows_key: str = "",
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Table:
    """Open a CSV, XLSX, JSON or JSONL file for row-by-row reading.

    Raises:
        DataFileError: The file is missing, of an unknown kind, has no header, or cannot
            be read at all (not a workbook, not JSON).
    """
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, "no such file")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return _open_csv(path, limits)
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path, sheet, limits)
    if suffix == ".json":
        from matching.intake._json_tables import _open_json  # it imports this module

        return _open_json(path, rows_key, limits)
    if suffix in (".jsonl", ".ndjson"):
        from matching.intake._json_tables import _open_jsonl

        return _open_jsonl(path, limits)
    raise DataFileError(path, f"unknown file kind {suffix!r} (csv, xlsx, json, jsonl)")


# ----------------------------------------------------------------------------- encodings
def detect_encoding(path: Path, chunk_size: int = 1 << 20) -> str:
    """``utf-16`` (with a BOM); ``utf-8-sig`` when the file holds any valid multi-byte
    UTF-8 or decodes wholly as UTF-8; else ``cp1251``.

    A UTF-8 file with a few Latin-1 or Windows-1251 bytes stays UTF-8: the lines holding
    them are reported as undecodable, not the whole file read as Cyrillic.
    """
    with path.open("rb") as f:
        head = f.read(4)
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
        f.seek(0)
        failed = False
        for line in _binary_lines(f, chunk_size):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                failed = True
            else:
                return "utf-8-sig"
    return "cp1251" if failed else "utf-8-sig"


def _binary_lines(f: BinaryIO, limit: int) -> Iterator[bytes]:
    """Lines of at most ``limit`` bytes (a longer line comes in pieces)."""
    while line := f.readline(limit):
        yield line


class _Lines:
    """Decoded physical lines of a text file, each at most ``max_chars`` long.

    A line that does not decode, or is too long, is still given (decoded with
    replacement characters, or emptied) so that CSV parsing stays in step; its number is
    kept in ``damaged`` with the reason. Lines given back with :meth:`push_back` come
    again before the file's next ones.
    """

    def __init__(self, raw: BinaryIO, encoding: str, max_chars: int):
        self.max_chars = max_chars
        self.line = 0  # number of the last line given
        self.damaged: dict[int, str] = {}
        self._read_count = 0
        self._pushed: deque[tuple[int, str]] = deque()
        self._taken: list[tuple[int, str]] = []
        self._utf16 = encoding == "utf-16"
        self._codec = "utf-8-sig" if encoding.startswith("utf-8") else encoding
        if self._utf16:
            text = io.TextIOWrapper(raw, encoding="utf-16", errors="replace", newline="")
            self._next_piece = lambda: text.readline(max_chars + 1)
        else:
            self._next_piece = lambda: raw.readline(4 * max_chars + 4)

    def take(self) -> list[tuple[int, str]]:
        """The lines given since the last call."""
        taken, self._taken = self._taken, []
        return taken

    def push_back(self, lines: Iterable[tuple[int, str]]) -> None:
        self._pushed.extendleft(reversed(list(lines)))

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self._pushed:
            number, text = self._pushed.popleft()
        else:
            number, text = self._read()
        self.line = number
        self._taken.append((number, text))
        return text

    def _decode(self, piece: bytes | str, number: int) -> str:
        if isinstance(piece, str):
            if "\ufffd" in piece:
                self.damaged[number] = "undecodable bytes (the file is UTF-16)"
            return piece
        codec = self._codec if number == 1 else self._codec.removesuffix("-sig")
        try:
            return piece.decode(codec)
        except UnicodeDecodeError as error:
            name = "UTF-8" if codec.startswith("utf-8") else codec
            self.damaged[number] = (
                f"undecodable bytes at byte {error.start + 1} of the row (the file is {name})"
            )
            return piece.decode(codec, errors="replace")

    def _read(self) -> tuple[int, str]:
        piece = self._next_piece()
        if not piece:
            raise StopIteration
        self._read_count += 1
        number = self._read_count
        text = self._decode(piece, number)
        if len(text) > self.max_chars or not (text.endswith("\n") or self._at_end(piece)):
            self.damaged[number] = f"the row is over {self.max_chars:,} characters"
            while not self._ends_line(piece):  # drop the rest of the line
                piece = self._next_piece()
            text = "\n"
        return number, text

    @staticmethod
    def _ends_line(piece: bytes | str) -> bool:
        return not piece or (
            piece.endswith(b"\n") if isinstance(piece, bytes) else piece.endswith("\n")
        )

    def _at_end(self, piece: bytes | str) -> bool:
        """Whether a line without a newline is the file's last (not a cut-off piece)."""
        limit = self.max_chars + 1 if self._utf16 else 4 * self.max_chars + 4
        return len(piece) < limit


# ----------------------------------------------------------------------------- CSV
class _RecordTooLong(Exception):
    """A quoted cell ran over ``max_record_lines`` lines."""


def _open_csv(path: Path, limits: ReadLimits) -> Table:
    encoding = detect_encoding(path)
    raw = path.open("rb")
    try:
        lines = _Lines(raw, encoding, limits.max_row_chars)
        first = next((line for line in lines if line.strip()), "")
    except Exception:
        raw.close()
        raise
    if not first:
        raw.close()
        raise DataFileError(path, "the file is empty: no header row")
    delimiter = max(",;\t", key=first.count)
    header_row = lines.line - 1
    try:
        headers = next(csv.reader(io.StringIO(first), delimiter=delimiter))
    except csv.Error as error:
        raw.close()
        raise DataFileError(path, f"the header row cannot be read: {error}", row=1) from error
    lines.take()
    if len(headers) > limits.max_columns:
        raw.close()
        raise DataFileError(
            path, f"{len(headers):,} columns: more than {limits.max_columns}", row=header_row + 1
        )
    headers = [h.strip().lstrip("\ufeff") for h in headers]
    return Table(
        path, headers, _csv_rows(raw, lines, delimiter, headers, limits), "csv", encoding=encoding
    )


def _csv_rows(
    raw: BinaryIO, lines: _Lines, delimiter: str, headers: list[str], limits: ReadLimits
) -> Iterator[tuple[int, Cells]]:
    """Records as a spreadsheet shows them: one per line, or one per quoted multi-line cell.

    A quoted cell may span lines only if the record it closes is as wide as the header
    and none of the lines inside it is a whole row by itself; otherwise its quote is
    unbalanced: its first line is reported and the lines after it are read again as rows.
    """
    width = len(headers)
    counting = _LimitedLines(lines, limits.max_record_lines)
    reader = csv.reader(counting, delimiter=delimiter, strict=True)
    read = 0
    with raw:
        while True:
            counting.start()
            try:
                cells = next(reader)
            except StopIteration:
                taken = lines.take()
                if taken:  # the file ended inside a quoted cell
                    read += 1
                    yield lines_row(taken), BadRow("unbalanced quote: the cell never closes")
                    lines.push_back(taken[1:])
                    if taken[1:]:
                        continue
                return
            except (csv.Error, _RecordTooLong) as error:
                taken = lines.take()
                read += 1
                reason = _csv_reason(error, limits)
                yield lines_row(taken), BadRow(reason)
                lines.push_back(taken[1:])
                reader = csv.reader(counting, delimiter=delimiter, strict=True)
                continue
            taken = lines.take()
            number = taken[0][0] if taken else lines.line
            read += 1
            if read > limits.max_rows:
                yield (
                    number,
                    BadRow(_over_rows(limits)),
                )
                return
            if len(taken) > 1 and _merged(taken, delimiter, width, cells):
                yield number, BadRow("unbalanced quote: the cell runs into the next rows")
                lines.push_back(taken[1:])
                continue
            damaged = lines.damaged and [
                lines.damaged.pop(n) for n, _ in taken if n in lines.damaged
            ]
            if damaged:
                yield number, BadRow(damaged[0])
                continue
            if not any(c.strip() for c in cells):
                continue
            yield number, _checked(cells, headers, limits)


def _csv_reason(error: Exception, limits: ReadLimits) -> str:
    message = str(error)
    if "field larger" in message:
        return f"a cell is over {limits.max_cell_chars:,} characters"
    if "expected after" in message:
        return 'a quote inside a quoted cell must be doubled ("")'
    if "end of data" in message:
        return "unbalanced quote: the cell never closes"
    return "unbalanced quote: the cell runs into the next rows"


def _over_rows(limits: ReadLimits) -> str:
    return f"more than {limits.max_rows:,} rows: this row and the rest were not read"


def lines_row(taken: list[tuple[int, str]]) -> int:
    return taken[0][0] if taken else 0


def _merged(taken: list[tuple[int, str]], delimiter: str, width: int, cells: list[str]) -> bool:
    """Whether a multi-line record is rows run together by a stray quote.

    A quoted cell that really spans lines closes a record of exactly the header's width
    (files with multi-line cells are written by programs that write every column), and
    no line inside it is a whole row by itself.
    """
    if len(cells) != width:
        return True
    for _, text in taken[1:-1]:
        if text.count('"') % 2 == 0 and text.count(delimiter) >= width - 1 >= 1:
            return True
    return False


class _LimitedLines:
    """Lines for ``csv.reader``, refusing a record longer than ``max_lines``."""

    def __init__(self, lines: _Lines, max_lines: int):
        self.lines = lines
        self.max_lines = max_lines
        self.count = 0

    def start(self) -> None:
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        self.count += 1
        if self.count > self.max_lines:
            raise _RecordTooLong
        return next(self.lines)


def _checked(cells: list[Any], headers: list[str], limits: ReadLimits) -> Cells:
    """The row, or what is wrong with it: too many cells, an oversized cell, a NUL."""
    if len(cells) > len(headers):
        extra = [c for c in cells[len(headers) :] if c is not None and str(c).strip()]
        if extra:
            return BadRow(
                f"{len(cells)} cells but {len(headers)} columns: a cell holds an unquoted "
                "delimiter, or two rows ran together"
            )
    texts = [c for c in cells if type(c) is str]
    if max(map(len, texts), default=0) <= limits.max_cell_chars and "\x00" not in "".join(texts):
        return cells  # the usual row: nothing to look for cell by cell
    for i, cell in enumerate(cells):
        if isinstance(cell, str):
            if len(cell) > limits.max_cell_chars:
                return BadRow(
                    f"the cell is over {limits.max_cell_chars:,} characters", _column(headers, i)
                )
            if "\x00" in cell:
                return BadRow("the cell holds a NUL character", _column(headers, i))
    return cells


def _column(headers: list[str], i: int) -> str:
    return headers[i] if i < len(headers) and headers[i] else f"column {i + 1}"


# ----------------------------------------------------------------------------- XLSX
def _open_xlsx(path: Path, sheet: str | None, limits: ReadLimits) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.filename.lower().endswith("sharedstrings.xml") and (
                    info.file_size > limits.max_shared_strings_bytes
                ):
                    raise DataFileError(
                        path,
                        f"the workbook's text is over {limits.max_shared_strings_bytes >> 20} MB "
                        "(a cell holds too much text): save the sheet as CSV",
                    )
    except zipfile.BadZipFile as error:
        raise DataFileError(path, f"not a readable XLSX workbook: {error}") from error
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise DataFileError(path, f"not a readable XLSX workbook: {error}") from error
    if sheet is not None and sheet not in book.sheetnames:
        book.close()
        raise DataFileError(path, f"no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    source = ws.iter_rows(values_only=True)
    headers: list[str] = []
    header_row = 0
    try:
        for header_row, cells in enumerate(source, start=1):
            if any(c is not None and str(c).strip() for c in cells):
                headers = ["" if c is None else str(c).strip() for c in cells]
                if len(headers) > limits.max_columns and any(headers[limits.max_columns :]):
                    book.close()
                    raise DataFileError(
                        path, f"more than {limits.max_columns} columns", row=header_row
                    )
                break
            if header_row >= limits.max_blank_run:
                break
    except Exception as error:
        book.close()
        raise DataFileError(path, f"not a readable XLSX workbook: {error}") from error
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        book.close()
        raise DataFileError(path, "the sheet is empty: no header row")
    if len(headers) > limits.max_columns:
        book.close()
        raise DataFileError(path, f"more than {limits.max_columns} columns", row=header_row)

    def rows() -> Iterator[tuple[int, Cells]]:
        read = blank_run = 0
        number = header_row
        try:
            while True:
                try:
                    cells = next(source)
                except StopIteration:
                    return
                except Exception as error:  # a damaged sheet: the rest cannot be read
                    yield number + 1, BadRow(f"the sheet cannot be read from here: {error}")
                    return
                number += 1
                if not any(c is not None and str(c).strip() for c in cells):
                    blank_run += 1
                    if blank_run >= limits.max_blank_run:
                        if ws.max_row is not None and ws.max_row > number:
                            yield (
                                number,
                                BadRow(
                                    f"{blank_run:,} blank rows in a row: rows {number + 1:,} to "
                                    f"{ws.max_row:,} were not read"
                                ),
                            )
                        return
                    continue
                blank_run = 0
                read += 1
                if read > limits.max_rows:
                    yield (
                        number,
                        BadRow(_over_rows(limits)),
                    )
                    return
                yield number, _checked(list(cells[: len(headers) + 1]), headers, limits)
        finally:
            book.close()

    return Table(path, headers, rows(), "xlsx")
