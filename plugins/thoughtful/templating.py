"""Let a plugin half ship Jinja templates that the theme can override.

Pelican's loader looks in THEME_TEMPLATES_OVERRIDES and then the theme. A plugin's
templates are appended *after* those, so a theme file with the same name
(for example ``theme/templates/comments/section.html``) wins.
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


def _extend_loader(generator) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    present = {
        path
        for item in getattr(env.loader, "loaders", [env.loader])
        if isinstance(item, FileSystemLoader)
        for path in item.searchpath
    }
    enabled = generator.settings.get("PLUGINS") or []
    extra = [
        FileSystemLoader(folder)
        for plugin, folder in _folders.items()
        if plugin in enabled and folder not in present
    ]
    if extra:
        env.loader = ChoiceLoader([env.loader, *extra])
