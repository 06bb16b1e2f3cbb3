"""Helpers the tests share: real site builds, a headless browser, free ports."""
