"""Related articles ("Ähnliche Beiträge"): which published articles a reader should see next.

Relevance comes mostly from the German text (`text`: words, stems, compound parts),
compared over an index of every published article kept per process (`index`: vectors,
ranking, shared tags, category and recency). Everything is computed in Python from stored
rows and written to `RelatedArticle`, after the author's own picks (`store`); the page
reads the stored list in one plain query (`related_for`).

Imports run one way: store → index → text. Callers use only the names below.
"""

from blog.related.store import (
    related_for,
    related_list_store_picks,
    related_lists_rebuild,
    related_lists_recompute,
    related_lists_update_for,
)

__all__ = [
    "related_for",
    "related_list_store_picks",
    "related_lists_rebuild",
    "related_lists_recompute",
    "related_lists_update_for",
]
