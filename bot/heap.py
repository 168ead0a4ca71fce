"""The long-lived heap, kept out of the garbage collector's way.

Python's cyclic collector walks every object it tracks at each full collection. Once started,
the bot holds about a million of them for its whole life (the modules, the search index, the
place names, the catalogs), so a full collection took about 60 ms of CPU, during which nobody
is answered; the bot benchmark met six of them in 1,600 answers, 0.4 s in all.
`gc.freeze()` moves every object alive now to a permanent generation that collections skip:
only what turns create is walked.

When the index is rebuilt (the knowledge changed), the old index must become collectable again,
or its reference cycles would stay forever: `settle` unfreezes, collects, then freezes what is
alive, the new index included.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect what is garbage now, then leave everything alive out of later collections."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
