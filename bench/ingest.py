"""Ingestion speed: pages per second of PDF text extraction (reading + layout, no NLP), per core.

    python bench/ingest.py [--pages N] [PDF ...]

Without files it lays the sample report out as a PDF (tests/pdfmaker.py) and measures that.
Prints a table: file, pages, seconds, pages per second (target: >= 20 pages/s per core).
Other formats hook in through READERS (a name -> function(path) that reads one file and returns
its page count, or None when the format has no pages)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def read_pdf_pages(path: Path) -> int | None:
    from reportgraph.extract.read.reader import read_report

    return len(read_report(path).pages)


#: format name -> reader of one file (returns pages); the DOCX reader may add itself here
READERS: dict[str, Callable[[Path], int | None]] = {"pdf": read_pdf_pages}


def sample_pdf(folder: Path) -> Path:
    from pdfmaker import text_to_pdf

    out = folder / "romu-integracija-2018.pdf"
    text_to_pdf((ROOT / "examples" / "romu-integracija-2018.txt").read_text(encoding="utf-8"),
                out, header="Kultūras ministrija")
    return out


def measure(path: Path, kind: str = "pdf", repeat: int = 3) -> tuple[int, float]:
    """(pages, best CPU seconds of `repeat` reads)."""
    best = float("inf")
    pages = 0
    for _ in range(repeat):
        t = time.process_time()
        pages = READERS[kind](path) or 0
        best = min(best, time.process_time() - t)
    return pages, best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = args.files or [sample_pdf(Path(tmp))]
        read_pdf_pages(files[0])  # imports and first-use costs out of the measurement
        print("| file | format | pages | CPU s | pages/s |\n| --- | --- | --- | --- | --- |")
        for f in files:
            kind = f.suffix.lower().lstrip(".")
            if kind not in READERS:
                continue
            pages, secs = measure(f, kind)
            rate = pages / secs if secs else float("inf")
            print(f"| {f.name} | {kind} | {pages} | {secs:.3f} | {rate:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
