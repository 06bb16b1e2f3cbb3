"""The share record: one plain dict per page, which share/head.html renders.

Articles and pages get theirs when the build starts (``content_record``); index-like
pages (index, pagination, category, tag, author, archives) get theirs from
the template context as they are written (``index_record``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from thoughtful.share import authors, description, links


@dataclass
class Site:
    """What every record of one build shares: names, addresses, settings."""

    url: str  # absolute, no trailing slash
    name: str
    subtitle: str
    locale: str
    lang: str
    config: dict[str, Any]
    author_pages: dict[str, str] = field(default_factory=dict)
    people: dict[str, dict] = field(default_factory=dict)

    def person(self, name: str) -> dict:
        """The record of author ``name`` (made once per build)."""
        if name not in self.people:
            self.people[name] = authors.person(
                name, self.config["SHARE_AUTHORS"], self.url, self.author_pages.get(name, "")
            )
        return self.people[name]

    def absolute(self, path: str) -> str:
        """The absolute URL of an output path ("" or "index.html" is the home page)."""
        path = path.removesuffix("index.html")
        return f"{self.url}/{path.lstrip('/')}"


def _twitter(site: Site, people: list[dict]) -> dict[str, str]:
    via = site.config["SHARE_SITE_X"].strip().lstrip("@")
    creator = next((p["x"] for p in people if p["x"]), "")
    return {"card": "summary_large_image", "site": f"@{via}" if via else "", "creator": creator}


def _publisher(site: Site) -> dict[str, Any]:
    return {"@type": "Organization", "name": site.name, "url": site.absolute("")}


def _person_ld(person: dict) -> dict[str, Any]:
    ld = {"@type": "Person", "name": person["name"], "url": person["url"]}
    if person["same_as"]:
        ld["sameAs"] = person["same_as"]
    return ld


def _breadcrumbs(trail: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }


def describe(item: Any, site: Site) -> str:
    """The og:description of an article or page: its summary, else its first paragraph."""
    # The raw HTML (before Pelican resolves {filename} links): only its text is used here.
    html = getattr(item, "_content", "") or ""
    return description.describe(item.metadata.get("summary"), html,
                                site.config["SHARE_DESCRIPTION_LENGTH"])


def content_record(
    item: Any, kind: str, image: dict[str, Any], site: Site, source: str
) -> dict[str, Any]:
    """The record of an article (``kind="article"``) or page (``kind="page"``) from ``source``."""
    meta = item.metadata
    url = site.absolute(item.url)  # item.url formats the date each time: read it once
    title = str(item.title)
    html = getattr(item, "_content", "") or ""
    text = describe(item, site)
    names = [a.name for a in getattr(item, "authors", [])] or [str(meta.get("author", site.name))]
    people = [site.person(n) for n in names]
    record: dict[str, Any] = {
        "kind": kind,
        "source": source,
        "output": item.save_as,
        "type": "article" if kind == "article" else "website",
        "title": title,
        "description": text,
        "url": url,
        "site_name": site.name,
        "locale": site.locale,
        "lang": getattr(item, "lang", site.lang),
        "image": image,
        "authors": people,
        "twitter": _twitter(site, people),
        "fediverse_creator": next((p["fediverse"] for p in people if p["fediverse"]), ""),
        "published": "",
        "modified": "",
        "section": "",
        "tags": [],
        "series": str(meta["series"]) if meta.get("series") else "",
        # Counted once when Pelican made the post (thoughtful/reading.py, connected by this half).
        "word_count": item.word_count,
        "links": [],
    }
    trail = [(site.name, site.absolute(""))]
    if kind == "article":
        record["published"] = item.date.isoformat()
        record["modified"] = getattr(item, "modified", item.date).isoformat()
        record["section"] = item.category.name
        record["tags"] = [t.name for t in getattr(item, "tags", [])]
        record["links"] = links.share_links(
            list(site.config["SHARE_NETWORKS"]), title, url,
            via=site.config["SHARE_SITE_X"].strip().lstrip("@"),
            instance=site.config["SHARE_MASTODON_INSTANCE"],
        )
        trail.append((item.category.name, site.absolute(item.category.url)))
    trail.append((title, url))
    record["jsonld"] = [_content_ld(record, html, site), _breadcrumbs(trail)]
    return record


def _content_ld(record: dict[str, Any], html: str, site: Site) -> dict[str, Any]:
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting" if record["kind"] == "article" else "WebPage",
        "@id": f"{record['url']}#post",  # the comments half describes the same entity
        "headline": record["title"],
        "description": record["description"],
        "url": record["url"],
        "mainEntityOfPage": {"@type": "WebPage", "@id": record["url"]},
        "image": record["image"]["url"],
        "inLanguage": record["lang"],
        "author": [_person_ld(p) for p in record["authors"]],
        "publisher": _publisher(site),
    }
    if record["kind"] == "article":
        ld.update(
            datePublished=record["published"],
            dateModified=record["modified"],
            articleSection=record["section"],
            keywords=record["tags"],
            wordCount=record["word_count"],
        )
        if record["series"]:
            ld["isPartOf"] = {"@type": "CreativeWorkSeries", "name": record["series"]}
    return ld


def _index_title(ctx: Any, site: Site) -> tuple[str, str]:
    """(title, description) of an index-like page, from what its template was given."""
    number = getattr(ctx.get("articles_page"), "number", 1)
    suffix = f" (page {number})" if number > 1 else ""
    output = ctx.get("output_file", "")
    if ctx.get("category") is not None and ctx.get("page_name", "").startswith("category"):
        name = ctx["category"].name
        return f"{name}{suffix}", f"Posts in the category {name} on {site.name}."
    if ctx.get("tag") is not None:
        name = ctx["tag"].name
        return f"Posts tagged {name}{suffix}", f"Posts tagged {name} on {site.name}."
    if ctx.get("author") is not None:
        name = ctx["author"].name
        return f"Posts by {name}{suffix}", f"Posts by {name} on {site.name}."
    if ctx.get("period") is not None:
        when = " ".join(str(p) for p in ctx["period"])
        return f"Posts from {when}", f"Posts on {site.name} from {when}."
    # Direct templates are named like "archives/index" (their save_as without ".html").
    page_name = (str(ctx.get("page_name", "")) or output).split("/")[0].removesuffix(".html")
    if page_name == "index":
        return f"{site.name}{suffix}", site.subtitle or site.name
    label = page_name.replace("_", " ").capitalize()
    return f"{label}{suffix}", f"{label} of {site.name}."


def index_record(ctx: Any, image: dict[str, Any], site: Site) -> dict[str, Any]:
    """The record of an index-like page, derived from its template context ``ctx``."""
    output = str(ctx.get("output_file", ""))
    title, text = _index_title(ctx, site)
    url = site.absolute(output)
    home = site.absolute("")
    is_home = url == home
    people: list[dict] = []
    record: dict[str, Any] = {
        "kind": "index",
        "source": output,
        "output": output,
        "type": "website",
        "title": title,
        "description": text,
        "url": url,
        "site_name": site.name,
        "locale": site.locale,
        "lang": site.lang,
        "image": image,
        "authors": people,
        "twitter": _twitter(site, people),
        "fediverse_creator": "",
        "published": "",
        "modified": "",
        "section": "",
        "tags": [],
        "series": "",
        "links": [],
    }
    if is_home:
        main = {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": site.name,
            "url": home,
            "description": text,
            "inLanguage": site.lang,
            "publisher": _publisher(site),
        }
        record["jsonld"] = [main]
    else:
        main = {
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": title,
            "url": url,
            "description": text,
            "isPartOf": {"@type": "WebSite", "name": site.name, "url": home},
        }
        record["jsonld"] = [main, _breadcrumbs([(site.name, home), (title, url)])]
    return record


def with_comments(record: dict[str, Any], item: Any) -> dict[str, Any]:
    """``record`` with the post's comments (thoughtful.comments) in its main JSON-LD entity.

    One entity per post: the comment count and comments join the ``BlogPosting``
    instead of a second object. The record itself is left as it is.
    """
    section = getattr(item, "comments", None)
    if section is None or not section.visible or record["kind"] != "article":
        return record
    main, *rest = record["jsonld"]
    return {**record, "jsonld": [{**main, **section.json_ld_comments(record["url"])}, *rest]}
