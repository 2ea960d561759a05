"""Finding entries: filters shared by `kb list` and `kb search`, and the search index.

Importing this package is cheap: only `kb.search.index` and `kb.search.query` import
sqlite3, and only the commands that search import them.
"""
