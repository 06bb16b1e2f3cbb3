"""Import a WordPress export: ``invoke import-wordpress EXPORT [--media DIR]``.

- wxr.py         read the XML safely (no DOCTYPE, no entities, no network)
- statuses.py    what each item becomes: post, page, draft or nothing
- dates.py       the same instant, in the site's zone
- blocks.py      classic editor (wpautop) and block editor markup -> HTML
- shortcodes.py  [caption], [gallery], [embed], [youtube], [code] ...
- embeds.py      third-party embeds -> plain links
- media.py       every image address -> the file from the media export
- tomarkdown.py  HTML -> Markdown (markdownify, taught this site's Markdown)
- body.py        one post's body through all of the above
- comments.py    approved comments -> the comment store's files, no personal data
- redirects.py   old addresses -> Aliases: lines and content/redirects.txt
- report.py      what happened to every item
- writer.py      staged writes, never over the writer's edits
- importer.py    the whole run
"""

from .importer import ImportFailed, Options, run_import

__all__ = ["ImportFailed", "Options", "run_import"]
