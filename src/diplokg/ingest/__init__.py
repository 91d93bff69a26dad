"""Ingest: files, HTML pages, URLs -> :class:`diplokg.records.Article`."""
