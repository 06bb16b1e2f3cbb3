"""The tested functions behind tasks.py: building, cleaning, checking, deploying."""

import sys
from pathlib import Path

# The plugin package (plugins/thoughtful) holds helpers both halves share, such as
# the one path guard (thoughtful.paths); Pelican finds it the same way (PLUGIN_PATHS).
_PLUGINS = str(Path(__file__).resolve().parent.parent / "plugins")
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)
