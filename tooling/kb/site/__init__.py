"""The site: pure page generators (entries in, pages out) and a thin MkDocs plugin."""
