"""`/site` for staff: rebuild the public web directory into `SITE_DIR`.

The knowledge is read in a short transaction of its own; the pages are rendered and swapped in
from a thread, so the bot goes on answering meanwhile (a build of the seed base takes a second
or two). A web server serving `SITE_DIR` sees the old site until the new one is complete.
"""

from __future__ import annotations

import asyncio
import logging
from html import escape

from babel.units import format_unit

from handlers.turn import Turn
from knowledge.exporter import read_knowledge
from translations import isolate, plural

log = logging.getLogger(__name__)


async def site(turn: Turn) -> None:
    """/site: rebuild the site, then say how many pages, how big, and how long it took."""
    _ = turn._
    target = turn.services.settings.site_dir
    if target is None:
        turn.send(
            escape(
                _(
                    "Le site web n’a pas encore de dossier. Indiquez-le dans le réglage SITE_DIR (un chemin absolu, par exemple /srv/passerelle/site), redémarrez le bot, puis envoyez /site."
                )
            )
        )
        return
    # Imported here: the templates and the QR codes stay out of memory until staff build a site.
    import web

    async with turn.services.sessions() as session:
        knowledge = await read_knowledge(session)
    try:
        built = await asyncio.to_thread(
            web.build, knowledge, target, username=turn.context.bot.username
        )
    except (OSError, web.PublishError) as error:
        log.warning("the site could not be published: %s", error)
        turn.send(escape(_("Le site n’a pas pu être publié : {error}").format(error=str(error))))
        return
    log.info("site published: %d pages, %d bytes, %.1f s", built.pages, built.bytes, built.seconds)
    ngettext = plural(turn.lang)
    pages = ngettext("{count} page", "{count} pages", built.pages)
    turn.send(
        "🌐 "
        + escape(
            _("Site publié dans {path} : {pages}, {size}, en {seconds}.").format(
                path=isolate(str(built.path), turn.lang),
                pages=pages.format(count=built.pages),
                size=format_unit(
                    round(built.bytes / 1_000_000, 1),
                    "digital-megabyte",
                    length="short",
                    locale=turn.lang,
                ),
                seconds=format_unit(
                    round(built.seconds, 1), "duration-second", length="short", locale=turn.lang
                ),
            )
        )
    )
