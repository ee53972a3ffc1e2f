"""Format readers: a report file (PDF, DOCX, ODT, HTML, text) -> extracted text with offsets,
pages, footnotes, headings and tables (`reportgraph.extract.read.reader.ReportSource`)."""
