"""A content cache is used only by a build made under the same everything.

Pelican's content cache keeps what its readers made of each source file and checks
only the file's own date: change a Markdown option, the theme, a plugin or Pelican
itself, and a cached post is still served as it was. That is harmless while writing,
and wrong for a published site. So every build writes, next to Pelican's cache files,
a fingerprint of what changes its output: the settings, the theme's files, the code
and templates of the plugins it loaded, and the versions of Pelican, Python and the
libraries that render content. A build whose fingerprint differs ignores the cache
(Pelican then writes it afresh); the fingerprint is written only once the build has
finished, so a failed build never pairs an old cache with a new fingerprint.

``thoughtful.parallel`` connects this (``initialized`` and ``finalized``), so it runs
whenever the site builds with that half. publishconf.py gives published builds a
cache folder of their own, never shared with the development build's.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pelican

log = logging.getLogger(__name__)

FILE = "thoughtful-cache-key.json"
# Libraries whose version changes the HTML a post becomes.
LIBRARIES = ("markdown", "pygments", "docutils", "jinja2", "markupsafe", "smartypants",
             "typogrify", "nh3")
# Settings that say where or whether to cache, not what to build: equal by nature,
# and this build's parallel plan (thoughtful.parallel) is not a setting.
IGNORED = {"LOAD_CONTENT_CACHE", "CACHE_CONTENT", "THOUGHTFUL_PARALLEL",
           "THOUGHTFUL_PARALLEL_WORKERS", "SHARE_CARD_WORKERS"}  # how many processes: same pages


def _stable(value: Any) -> Any:
    """``value`` as JSON-able data that is the same in every run for the same setting."""
    if isinstance(value, dict):
        return [[str(k), _stable(v)] for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(json.dumps(_stable(v)) for v in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '?')}.{value.__qualname__}"
    text = repr(value)
    # An object without a stable text (a memory address in it): its type stands for it.
    return type(value).__qualname__ if " at 0x" in text else text


def _hash_files(folder: Path, digest: Any) -> None:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = Path(root) / name
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")


def _tree_hash(folders: list[Path]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        digest.update(str(folder).encode() + b"\0")
        if folder.is_dir():
            _hash_files(folder, digest)
    return digest.hexdigest()


def _plugin_folder(module: ModuleType) -> Path | None:
    """The code a plugin runs: its top package (``thoughtful`` for ``thoughtful.site``),
    or its own package for a namespace plugin (``pelican.plugins.sitemap``)."""
    name = module.__name__
    if not name.startswith("pelican.plugins."):
        module = sys.modules.get(name.split(".")[0], module)
    where = getattr(module, "__file__", None)
    if where is None:
        paths = list(getattr(module, "__path__", []))
        return Path(paths[0]) if paths else None
    path = Path(where)
    return path.parent if path.name == "__init__.py" else path


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def fingerprint(settings: dict[str, Any], plugins: list[ModuleType]) -> dict[str, Any]:
    """What a build's output depends on besides its source files, part by part."""
    kept = {k: v for k, v in settings.items() if k not in IGNORED}
    theme = [Path(settings.get("THEME") or ""),
             *(Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES") or [])]
    folders = sorted({str(f) for f in map(_plugin_folder, plugins) if f is not None})
    files = [Path(f) for f in folders]
    return {
        "pelican": pelican.__version__,
        "python": sys.version.split()[0],
        "libraries": {name: _version(name) for name in LIBRARIES},
        "settings": hashlib.sha256(json.dumps(_stable(kept)).encode()).hexdigest(),
        "theme": _tree_hash(theme),
        "plugins": _tree_hash([f for f in files if f.is_dir()])
        + hashlib.sha256(b"".join(f.read_bytes() for f in files if f.is_file())).hexdigest(),
    }


def _stored(settings: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return json.loads((Path(settings["CACHE_PATH"]) / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def on_initialized(pelican_: Any) -> None:
    """Ignore a content cache made under a different fingerprint (before any is loaded)."""
    settings = pelican_.settings
    if not (settings.get("LOAD_CONTENT_CACHE") or settings.get("CACHE_CONTENT")):
        return
    current = fingerprint(settings, pelican_.plugins)
    settings["_THOUGHTFUL_CACHE_KEY"] = current
    stored = _stored(settings)
    if settings.get("LOAD_CONTENT_CACHE") and stored != current:
        changed = sorted(k for k in current if (stored or {}).get(k) != current[k])
        if stored is not None:
            log.info("Content cache not used: %s changed since it was made",
                     ", ".join(changed))
        settings["LOAD_CONTENT_CACHE"] = False


def on_finalized(pelican_: Any) -> None:
    """The build finished and Pelican saved its cache: record what it was made under."""
    settings = pelican_.settings
    current = settings.pop("_THOUGHTFUL_CACHE_KEY", None)
    if current is None or not settings.get("CACHE_CONTENT"):
        return
    folder = Path(settings["CACHE_PATH"])
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f".{FILE}.{os.getpid()}"
    temp.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temp, folder / FILE)
