"""Let a plugin half ship Jinja templates that the theme can override.

Pelican's loader looks in THEME_TEMPLATES_OVERRIDES and then the theme. A plugin's
templates are appended *after* those, so a theme file with the same name
(for example ``theme/templates/comments/section.html``) wins.

The halves' templates print text from outside the writer's hands (comment
authors, thread links), trusting Jinja's autoescape to make it inert. Pelican
leaves autoescape off unless ``JINJA_ENVIRONMENT`` turns it on, so a build
with these templates and autoescape off is refused (:class:`AutoescapeOff`).
"""

from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican import signals

# plugin name (as written in PLUGINS) -> its template folder
_folders: dict[str, str] = {}


def add_template_folder(plugin: str, folder: Path) -> None:
    """Append ``folder`` to every generator's Jinja loader, after the theme.

    Only builds that list ``plugin`` in PLUGINS get it, so two sites built in
    one process (as the tests do) never see each other's halves.
    """
    _folders[plugin] = str(folder)
    signals.generator_init.connect(_extend_loader)


class AutoescapeOff(RuntimeError):
    """The site's Jinja environment does not escape HTML; the plugin's templates need it."""


def check_autoescape(env, plugins: list[str]) -> None:
    """Raise :class:`AutoescapeOff`, naming the setting, unless ``env`` escapes .html files."""
    escapes = env.autoescape("page.html") if callable(env.autoescape) else env.autoescape
    if not escapes:
        raise AutoescapeOff(
            f"{', '.join(plugins)}: Jinja autoescape is off, so comment authors and other "
            "outside text would reach pages as raw HTML. Add \"autoescape\": True to "
            "JINJA_ENVIRONMENT in pelicanconf.py (Pelican leaves it off by default)."
        )


def _extend_loader(generator) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    enabled = generator.settings.get("PLUGINS") or []
    mine = [plugin for plugin in _folders if plugin in enabled]
    if mine:
        check_autoescape(env, mine)
    present = {
        path
        for item in getattr(env.loader, "loaders", [env.loader])
        if isinstance(item, FileSystemLoader)
        for path in item.searchpath
    }
    extra = [
        FileSystemLoader(folder)
        for plugin, folder in _folders.items()
        if plugin in enabled and folder not in present
    ]
    if extra:
        env.loader = ChoiceLoader([env.loader, *extra])
