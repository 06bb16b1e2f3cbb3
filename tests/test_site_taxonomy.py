"""Tag, category, author and archive pages are planned in linear time (thoughtful.site.taxonomy)
and come out exactly as Pelican's own quadratic loop makes them."""

from pelican import signals
from thoughtful.site import taxonomy
from thoughtful.site.taxonomy import Members

POST = ("Title: {title}\nDate: 2024-{month:02d}-{day:02d} 08:00\nCategory: {category}\n"
        "Tags: {tags}\nAuthor: {author}\n\nWords.\n")


def posts() -> dict[str, str]:
    files = {}
    for n in range(1, 25):
        files[f"posts/p{n}.md"] = POST.format(
            title=f"Post {n}", month=4 + n % 3, day=n, category=("Notes", "Essays")[n % 2],
            tags=", ".join(t for t, every in (("habits", 2), ("rest", 3), ("writing", 5))
                           if n % every == 0) or "misc",
            author=("Maya Lindqvist", "Ben Okafor")[n % 3 == 0])
    return files


def pages(site) -> dict[str, bytes]:
    return {p.relative_to(site.output).as_posix(): p.read_bytes()
            for folder in ("tag", "category", "author", "2024")
            for p in (site.output / folder).rglob("*.html")}


def archives(generator) -> list[tuple[str, list[str], list[str]]]:
    """What each year and month archive page is given, by title."""
    return [(archive["save_as"], [a.title for a in archive["articles"]],
             [a.title for a in archive["dates"]])
            for periods in generator.period_archives.values() for archive in periods]


def test_the_pages_are_byte_for_byte_those_of_pelicans_own_loop(build_site, tmp_path):
    given = []

    def keep(generator):
        given.append(archives(generator))

    signals.article_generator_finalized.connect(keep)
    try:
        fast = pages(build_site(posts(), THOUGHTFUL_CACHE_PATH=str(tmp_path / "a")))
        signals.article_generator_finalized.disconnect(taxonomy.index_members)
        signals.generator_init.disconnect(taxonomy.linear_archives)
        try:
            slow = pages(build_site(posts(), THOUGHTFUL_CACHE_PATH=str(tmp_path / "b")))
        finally:
            signals.article_generator_finalized.connect(taxonomy.index_members)
            signals.generator_init.connect(taxonomy.linear_archives)
    finally:
        signals.article_generator_finalized.disconnect(keep)
    assert "tag/habits/index.html" in fast and "tag/habits/page/2/index.html" in fast
    assert "2024/index.html" in fast and "2024/05/index.html" in fast
    assert fast == slow
    linear, pelicans = given
    may = [f"Post {n}" for n in range(22, 0, -3)]  # the posts of May, newest first
    assert ("2024/05/index.html", may, may) in pelicans
    assert linear == pelicans


def test_members_answer_in_by_identity_and_follow_every_change():
    first, second = object(), object()
    members = Members([first])
    assert first in members and second not in members
    members.append(second)
    assert second in members
    members.remove(first)
    assert first not in members
    members[0] = first
    assert first in members and second not in members
    del members[:]
    assert first not in members
    assert "x" in Members(["x"])  # an item with its own == is looked for the list's way


def test_only_the_last_few_lists_asked_keep_their_sets_and_answers_stay_right():
    posts = [object() for _ in range(30)]
    tags = [Members(posts[n:n + 5]) for n in range(0, 30, 5)]  # six tags of five posts
    for tag in tags:
        assert tag[0] in tag
    with_sets = [tag for tag in tags if tag._ids is not None]
    assert with_sets == tags[-taxonomy._KEEP:]  # the older ones gave theirs up
    # A list asked again builds its set again, with the same answers.
    assert posts[0] in tags[0] and posts[29] not in tags[0]
    assert tags[0]._ids is not None
