"""Deploying a folder as `invoke publish` does once its check passed: stamped, then deployed."""

from pathlib import Path

from sitetools.deploy import deploy, write_stamp


def deploy_checked(output: Path, settings: dict, **options):
    """Stamp ``output`` as checked (as publish does after the check), then deploy it.

    Deploy tests are about the targets; the stamp itself is tested in test_publish_stamp.py.
    """
    write_stamp(output, "https://blog.example.org")
    return deploy(output, settings, **options)
