"""External links (http, https): checked only with `--external`. Placeholder, see below."""

from __future__ import annotations

from collections.abc import Iterator

from kb import codes
from kb.checks.context import Check, CheckContext
from kb.diagnostics import Diagnostic


def _run(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from ()


CHECK = Check("external", _run, codes=(codes.EXTERNAL_LINK.code,), external=True, cacheable=False)
