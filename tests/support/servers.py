"""Free ports and a static file server on 127.0.0.1, started and stopped by the test."""

from __future__ import annotations

import socket

# The site check serves folders the same way; the tests use that one function.
from sitetools.check.server import serve_folder

__all__ = ["free_port", "serve_folder"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
