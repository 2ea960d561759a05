"""Importers: bring existing journals and notes in as kb entries, losing nothing.

One module per source (`mim`, `frontmatter`, `notes`) turns its input into `Item`s;
`writer` resolves tags, checks file references, skips what is already imported and
writes the rest through `kb.store`.
"""
