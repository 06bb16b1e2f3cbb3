"""Generate a synthetic corpus of Markdown posts for benchmarks.

The shape is the common reference corpus for Pelican-vs-Hugo comparisons: ~8 KB
per post, 3 categories, tags, every 5th post has a Python code block.
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta
from pathlib import Path

CATEGORIES = ["Thoughtful Thursday", "Craft", "Notes"]
TAGS = ["habits", "writing", "focus", "work", "reading", "teams", "tools", "rest"]
WORDS = (
    "attention craft habit lesson promise quiet morning letter draft editor reader "
    "patience practice notebook garden season window table kitchen walk river"
).split()

CODE = '''
```python
def lesson(n: int) -> str:
    """Return the n-th lesson."""
    return f"Lesson {n}: keep going"
```
'''


def _paragraph(rng: random.Random, words: int = 90) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def post_text(i: int, rng: random.Random) -> str:
    """The Markdown source of synthetic post number ``i`` (about 8 KB)."""
    date = datetime(2015, 1, 1, 8, 0) + timedelta(days=i)
    tags = ", ".join(rng.sample(TAGS, 3))
    body = [_paragraph(rng) for _ in range(12)]
    lessons = "\n".join(f"- **Lesson {k}.** {_paragraph(rng, 12)}" for k in range(1, 5))
    if i % 5 == 0:
        body.insert(3, CODE)
    return (
        f"Title: Thoughtful Thursday {i}: {rng.choice(WORDS).title()} and "
        f"{rng.choice(WORDS).title()}\n"
        f"Date: {date:%Y-%m-%d %H:%M}\n"
        f"Category: {CATEGORIES[i % len(CATEGORIES)]}\n"
        f"Tags: {tags}\n"
        f"Slug: post-{i}\n\n" + "\n\n".join(body[:6]) + "\n\n" + lessons + "\n\n"
        + "\n\n".join(body[6:]) + "\n"
    )


def generate(folder: Path, count: int = 1000, seed: int = 1) -> Path:
    """Write ``count`` posts into ``folder``/posts (same text for the same seed)."""
    rng = random.Random(seed)
    posts = folder / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (posts / f"post-{i:05d}.md").write_text(post_text(i, rng), encoding="utf-8")
    return posts


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", "--count", type=int, default=1000)
    args = parser.parse_args()
    print(generate(args.folder, args.count))
