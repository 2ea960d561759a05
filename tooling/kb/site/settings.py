"""The `site:` section of kb.yml: what the site needs beyond the core config.

`site.repo_url` (and `site.branch`, default `main`) is the code host of the home repo,
the repo holding the knowledge base; other repos take theirs from `repos.NAME.url`.
It lives in kb.yml rather than mkdocs.yml so `kb build` works without an mkdocs.yml.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb import yamlio
from kb.config import Config
from kb.errors import ConfigError
from kb.site.codehost import CodeHost


@dataclass(frozen=True)
class SiteSettings:
    home: CodeHost | None = None
    # Code hosts of the other repos, by repo name, from `repos.NAME.url` and branch.
    repos: dict[str, CodeHost] = field(default_factory=dict)

    def host(self, repo: str | None) -> CodeHost | None:
        return self.home if repo is None else self.repos.get(repo)


def load_settings(config: Config) -> SiteSettings:
    """Read `site:` from kb.yml (already validated as YAML by load_config)."""
    repos = {
        name: CodeHost(repo.url, repo.branch) for name, repo in config.repos.items() if repo.url
    }
    try:
        loaded = yamlio.load(config.path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yamlio.YamlError) as error:
        raise ConfigError(f"{config.path.name}: cannot read: {error}") from None
    data = loaded.value if isinstance(loaded.value, dict) else {}
    site = data.get("site") or {}
    line = loaded.key_lines.get("site", 1)
    if not isinstance(site, dict):
        raise ConfigError(f"{config.path.name}:{line}: site: must be a mapping")
    url, branch = site.get("repo_url"), site.get("branch", "main")
    if (url is not None and not isinstance(url, str)) or not isinstance(branch, str):
        raise ConfigError(f"{config.path.name}:{line}: site: repo_url and branch must be strings")
    home = CodeHost(url.rstrip("/"), branch) if url else None
    return SiteSettings(home, repos)
