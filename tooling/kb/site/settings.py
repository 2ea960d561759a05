"""The code hosts the site links files to, from kb.yml (read once, by kb.config).

`site.repo_url` (and `site.branch`, default `main`) is the code host of the home repo,
the repo holding the knowledge base; other repos take theirs from `repos.NAME.url`.
It lives in kb.yml rather than mkdocs.yml so `kb build` works without an mkdocs.yml.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.config import Config
from kb.site.codehost import CodeHost


@dataclass(frozen=True)
class SiteSettings:
    home: CodeHost | None = None
    # Code hosts of the other repos, by repo name, from `repos.NAME.url` and branch.
    repos: dict[str, CodeHost] = field(default_factory=dict)

    def host(self, repo: str | None) -> CodeHost | None:
        return self.home if repo is None else self.repos.get(repo)


def load_settings(config: Config) -> SiteSettings:
    """Code hosts from kb.yml's `site:` (the home repo) and `repos.NAME.url`."""
    repos = {
        name: CodeHost(repo.url, repo.branch) for name, repo in config.repos.items() if repo.url
    }
    home = CodeHost(config.home_url, config.home_branch) if config.home_url else None
    return SiteSettings(home, repos)
