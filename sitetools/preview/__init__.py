"""The live preview behind `invoke livereload` (README "Writing loop" tells the story).

- ``changes``: which saves matter and what each kind needs (editor temp files ignored).
- ``model``: Pelican's model of the site in memory; pages rendered on request.
- ``server``: the Starlette app on uvicorn, the watchfiles loop, the reload events.
- ``settle``: the background build that writes output/ exactly as `invoke build` does.
- ``problems``: build errors as the browser shows them.
"""
