"""The command line: `python -m bot` (also installed as `passerelle`).

Every command that needs the database migrates it to head first and loads the seed
knowledge when the base is empty.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import ConfigError, Settings
from bot.runtime import Runtime, open_runtime
from knowledge import audit, documents, exporter, importer, interchange, repository
from knowledge.evaluation import evaluate, read_questions
from knowledge.languages import LANGUAGES
from knowledge.search import SearchOutcome
from knowledge.seed import SEED_DIR, load_seed

if TYPE_CHECKING:
    from bot.app import PassApp

log = logging.getLogger("passerelle")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with `--help` on every command."""
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Passerelle: referral bot for newcomers in the province of Namur.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run", help="run the bot (without TELEGRAM_BOT_TOKEN: the local sandbox)"
    )
    run.add_argument(
        "--webhook", action="store_true", help="receive updates by webhook instead of polling"
    )
    run.set_defaults(handler=cmd_run)

    sandbox = commands.add_parser(
        "sandbox", help="chat with the real bot in the terminal, through a local Bot API server"
    )
    sandbox.add_argument("--lang", choices=LANGUAGES, help="the simulated person's language")
    sandbox.set_defaults(handler=cmd_sandbox)

    terminal = commands.add_parser("terminal", help="ask the referral engine interactively")
    terminal.set_defaults(handler=cmd_terminal)

    qr = commands.add_parser("qr", help="a QR code (PNG) opening an entry's card in the bot")
    qr.add_argument("id", help="the entry id, e.g. pf-fle")
    qr.add_argument("--out", type=Path, help="the PNG file (default: qr-<id>.png)")
    qr.add_argument("--username", help="the bot's username (default: asked from Telegram)")
    qr.set_defaults(handler=cmd_qr)

    site = commands.add_parser(
        "site", help="build the public web directory (static HTML, eight languages, printable)"
    )
    site.add_argument(
        "--out", type=Path, help="the site's folder, a link to the latest build (default: SITE_DIR)"
    )
    site.add_argument(
        "--bot-username",
        help="the bot's username, for QR codes opening each entry in Telegram "
        "(default: asked from Telegram when TELEGRAM_BOT_TOKEN is set; otherwise no QR codes)",
    )
    site.add_argument(
        "--base-url",
        help="the site's public address, e.g. https://example.org/: sitemap.txt "
        "then lists absolute addresses (otherwise paths from the site's root)",
    )
    site.set_defaults(handler=cmd_site)

    ask = commands.add_parser("ask", help="ask the referral engine a question")
    ask.add_argument("text", nargs="*", help="the question (omit with --batch)")
    ask.add_argument("--lang", choices=LANGUAGES, help="the person's language (a hint)")
    ask.add_argument("--limit", type=int, default=5, help="how many results (default 5)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument(
        "--batch", type=Path, metavar="FILE", help='JSON lines {"text": ..., "lang": ...}'
    )
    ask.add_argument("--why", action="store_true", help="show why each result matched")
    ask.set_defaults(handler=cmd_ask)

    ev = commands.add_parser("eval", help="score the engine on a question file")
    ev.add_argument("file", type=Path, help="JSON lines {lang, text, expect[, tags]}")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.set_defaults(handler=cmd_eval)

    stats = commands.add_parser(
        "stats", help="the staff's chart (PNG): questions per axis and language, outcomes, gaps"
    )
    stats.add_argument("--out", type=Path, required=True, help="the PNG file to write")
    stats.add_argument(
        "--weeks", type=_positive, default=8, help="how many weeks, this one included (default 8)"
    )
    stats.set_defaults(handler=cmd_stats)

    db = commands.add_parser("db", help="database commands")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser(
        "upgrade", help="migrate the database to the latest schema"
    ).set_defaults(handler=cmd_db_upgrade)

    kb = commands.add_parser("kb", help="knowledge base commands")
    kb_commands = kb.add_subparsers(dest="kb_command", metavar="ACTION", required=True)
    load = kb_commands.add_parser("load", help="load the seed files of knowledge/data/")
    load.set_defaults(handler=cmd_kb_load)
    export = kb_commands.add_parser(
        "export", help="write the knowledge as YAML files, or as HSDS 3.0 JSON"
    )
    export.add_argument("path", type=Path, help="a folder (created), or a .zip file (YAML)")
    export.add_argument(
        "--format", choices=("yaml", "hsds"), default="yaml", help="hsds: DIR/<lang>/*.json"
    )
    export.add_argument(
        "--public", action="store_true", help="hsds: leave out what is for staff only"
    )
    export.set_defaults(handler=cmd_kb_export)
    formats = [f.value for f in interchange.Format]
    imp = kb_commands.add_parser(
        "import", help="validate, then apply YAML, HSDS or a spreadsheet: all of it or nothing"
    )
    imp.add_argument(
        "path",
        type=Path,
        help="a folder or .zip (whole base), one .yaml file, HSDS JSON, a .csv or .xlsx file",
    )
    imp.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    imp.add_argument("--format", choices=formats, default="auto", help="default: by the path")
    imp.add_argument("--lang", choices=LANGUAGES, help="hsds: the language of a single file")
    imp.set_defaults(handler=cmd_kb_import)
    validate = kb_commands.add_parser("validate", help="list every problem in what import reads")
    validate.add_argument("path", type=Path, help="as for import")
    validate.add_argument("--format", choices=formats, default="auto", help="default: by the path")
    validate.add_argument("--lang", choices=LANGUAGES, help="hsds: the language of a single file")
    validate.set_defaults(handler=cmd_kb_validate)
    template = kb_commands.add_parser(
        "template", help="an empty spreadsheet (.xlsx) with the columns import reads"
    )
    template.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    template.set_defaults(handler=cmd_kb_template)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m bot` and of the `passerelle` script."""
    # python-telegram-bot 22 warns unless it may give durations as timedelta: we do.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.handler = cmd_run
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print("Configuration problems (see README.md, 'Configuration'):", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if settings.log_level != "DEBUG":
        # Migrations say what they do at INFO on every start: only problems matter here.
        logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        return int(asyncio.run(args.handler(settings, args)))
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


async def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Run the bot with a token; without one, the local sandbox."""
    if not settings.telegram_bot_token:
        print("No TELEGRAM_BOT_TOKEN: starting the local sandbox (see README).")
        return await cmd_sandbox(settings, args)
    async with open_runtime(settings):
        pass  # migrated and seeded; the bot opens its own connections
    from bot.app import build_application

    application = build_application(settings)
    webhook = getattr(args, "webhook", False)
    if webhook and (not settings.webhook_url or not settings.webhook_secret):
        print("--webhook needs WEBHOOK_URL and WEBHOOK_SECRET (see README)", file=sys.stderr)
        return 2
    # Not run_polling/run_webhook: they want a loop of their own and set signal handlers, which
    # only the main thread may do (in a worker thread they fail at start). Drive the application
    # in this loop instead, as python-telegram-bot documents for custom event loops.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for signum in signals:
        loop.add_signal_handler(signum, stop.set)
    try:
        async with application:
            assert application.updater is not None and application.post_init is not None
            assert application.post_shutdown is not None
            await application.post_init(application)
            await application.start()
            if webhook:
                await application.updater.start_webhook(
                    listen=settings.webhook_listen,
                    port=settings.port,
                    url_path="telegram",
                    webhook_url=settings.webhook_url,
                    secret_token=settings.webhook_secret,
                )
            else:
                await application.updater.start_polling()
            log.info("Passerelle is running; stop it with Ctrl-C or SIGTERM")
            await stop.wait()
            await application.updater.stop()
            await application.stop()
            await application.post_shutdown(application)
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)
    return 0


async def cmd_sandbox(settings: Settings, args: argparse.Namespace) -> int:
    """The real bot, in the terminal, through the loopback Bot API server."""
    from sandbox.terminal import run_terminal

    async with open_runtime(settings):
        pass
    await run_terminal(
        sandbox_application(settings),
        language=getattr(args, "lang", None) or settings.default_language,
        languages=LANGUAGES,
        bot_username="passerelle_sandbox_bot",
    )
    return 0


def sandbox_application(settings: Settings) -> Callable[[str, str], PassApp]:
    """What builds the real bot for the sandbox, given its token and the server's URL."""
    from bot.app import build_application

    def make(token: str, api_url: str) -> PassApp:
        return build_application(
            dataclasses.replace(settings, telegram_bot_token=token, telegram_api_url=api_url)
        )

    return make


async def cmd_terminal(settings: Settings, args: argparse.Namespace) -> int:
    """Ask the referral engine interactively (no bot)."""
    async with open_runtime(settings) as runtime:
        await terminal_chat(runtime)
    return 0


async def cmd_qr(settings: Settings, args: argparse.Namespace) -> int:
    """Write a QR code of https://t.me/<bot>?start=<id>."""
    import segno

    async with open_runtime(settings) as runtime, runtime.sessions() as session:
        entry = await repository.get_entry(session, args.id)
    if entry is None:
        print(f"no entry {args.id!r}", file=sys.stderr)
        return 1
    username = args.username
    if username is None:
        if not settings.telegram_bot_token:
            print("give --username, or set TELEGRAM_BOT_TOKEN to ask Telegram", file=sys.stderr)
            return 2
        from telegram import Bot

        async with Bot(settings.telegram_bot_token, base_url=settings.bot_base_url) as bot:
            username = bot.username
    from telegram.helpers import create_deep_linked_url

    link = create_deep_linked_url(username, entry.id)
    out: Path = args.out or Path(f"qr-{entry.id}.png")
    segno.make(link, error="m").save(str(out), scale=10, border=4)
    print(f"wrote {out}: {link}")
    return 0


async def cmd_site(settings: Settings, args: argparse.Namespace) -> int:
    """Build the public web directory from the knowledge, and swap it in."""
    import web
    from web.qr import bot_username

    out: Path | None = args.out or settings.site_dir
    if out is None:
        print("give --out DIR, or set SITE_DIR", file=sys.stderr)
        return 2
    username = args.bot_username
    if username is None and settings.telegram_bot_token:
        from telegram import Bot

        async with Bot(settings.telegram_bot_token, base_url=settings.bot_base_url) as bot:
            username = bot.username
    try:
        username = bot_username(username)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    async with open_runtime(settings) as runtime, runtime.sessions() as session:
        knowledge = await exporter.read_knowledge(session)
    try:
        built = await asyncio.to_thread(
            web.build, knowledge, out, username=username, base_url=args.base_url
        )
    except web.PublishError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"wrote {built.path}: {built.pages} pages, {built.files} files, {built.bytes:,} bytes "
        f"in {built.seconds:.1f} s" + ("" if username else " (no QR codes: no bot username)")
    )
    return 0


async def terminal_chat(runtime: Runtime) -> None:
    """Type questions, read referrals. `/lang xx` switches language; Ctrl-D quits."""
    lang = runtime.settings.default_language
    print("Passerelle, local terminal. Type a question (any language); /lang xx; Ctrl-D to quit.")
    loop = asyncio.get_running_loop()
    while True:
        try:
            line = await loop.run_in_executor(None, input, f"[{lang}] > ")
        except EOFError:
            print()
            return
        line = line.strip()
        if not line:
            continue
        if line.startswith("/lang"):
            wanted = line.removeprefix("/lang").strip()
            if wanted in LANGUAGES:
                lang = wanted
            else:
                print(f"languages: {', '.join(LANGUAGES)}")
            continue
        outcome = await runtime.referrals.search(line, lang=lang, limit=4)
        print(render_outcome(outcome, why=True))


def render_outcome(outcome: SearchOutcome, *, why: bool = False) -> str:
    """A referral list for the terminal."""
    lines: list[str] = []
    if outcome.emergency:
        lines.append("!! EMERGENCY: call 112 (emergency services) or 101 (police).")
    if outcome.fallback:
        lines.append("No referral: the engine is not confident. Contact the welcome office.")
    for rank, match in enumerate(outcome.matches, start=1):
        lines.append(f"{rank}. {match.title} [{match.id}, {match.kind}] score {match.score:.0f}")
        if why:
            lines.append(f"     why: {match.reason}")
    return "\n".join(lines)


def outcome_json(outcome: SearchOutcome) -> dict[str, object]:
    """The `ask --json` shape."""
    return {
        "text": outcome.query,
        "lang": outcome.lang,
        "results": [
            {"id": m.id, "kind": m.kind, "title": m.title, "score": m.score}
            for m in outcome.matches
        ],
        "fallback": outcome.fallback,
        "emergency": outcome.emergency,
    }


async def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    """Ask one question, or a batch of them."""
    if args.batch is None and not args.text:
        print("ask: give a question, or --batch FILE", file=sys.stderr)
        return 2
    async with open_runtime(settings) as runtime:
        engine = runtime.referrals
        await engine.refresh(force=True)
        # As the bot and `eval` answer: the commune a question names brings its own office
        # and CPAS (knowledge.referral), not only the search's order.
        if args.batch is not None:
            status = 0
            lines = args.batch.read_text(encoding="utf-8").splitlines()
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    text, lang = str(item["text"]), item.get("lang")
                except (ValueError, KeyError, TypeError):
                    print(f"{args.batch}:{number}: not a JSON question line", file=sys.stderr)
                    status = 1
                    continue
                lang = lang if lang in LANGUAGES else None
                outcome = (await engine.refer(text, lang=lang, limit=args.limit)).outcome
                print(json.dumps(outcome_json(outcome), ensure_ascii=False))
            return status
        question = " ".join(args.text)
        outcome = (await engine.refer(question, lang=args.lang, limit=args.limit)).outcome
        if args.json:
            print(json.dumps(outcome_json(outcome), ensure_ascii=False))
        else:
            print(render_outcome(outcome, why=args.why))
    return 0


async def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    """Score a question file."""
    try:
        questions = read_questions(args.file)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    async with open_runtime(settings) as runtime:
        await runtime.referrals.refresh(force=True)
        engine = runtime.referrals
        report = evaluate(engine.index, questions, places=engine.places, finder=engine.finder)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.render())
    return 0


def _positive(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of at least 1")
    return number


async def cmd_stats(settings: Settings, args: argparse.Namespace) -> int:
    """Write the staff's chart, the same as `/stats` sends."""
    from people.statistics import statistics

    async with open_runtime(settings) as runtime, runtime.sessions() as session:
        made = await statistics(session, weeks=args.weeks, tz=settings.tz)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(made.png)
    print(f"wrote {out}: {made.counts.total} questions over {args.weeks} week(s)")
    return 0


async def cmd_db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    """Migrate to head (and seed an empty base)."""
    async with open_runtime(settings):
        pass
    print("database is at the latest schema")
    return 0


async def cmd_kb_load(settings: Settings, args: argparse.Namespace) -> int:
    """(Re)load the seed files: the base becomes what knowledge/data/ says."""
    async with open_runtime(settings, seed=False) as runtime, runtime.sessions.begin() as session:
        changes = await load_seed(session)
    print(f"seed knowledge from {SEED_DIR}:")
    print(render_changes(changes))
    return 0


async def cmd_kb_export(settings: Settings, args: argparse.Namespace) -> int:
    """Write the knowledge as YAML files (a folder, or a zip), or as HSDS JSON."""
    async with open_runtime(settings) as runtime, runtime.sessions() as session:
        knowledge = await exporter.read_knowledge(session)
    path: Path = args.path
    if args.format == "hsds":
        from knowledge.hsds import export as hsds

        sets = hsds.export(
            knowledge, interchange.nis_codes(), timezone=settings.timezone, public=args.public
        )
        paths = hsds.write_directory(sets, path)
        size = sum(p.stat().st_size for p in paths)
        print(f"wrote {len(paths)} files in {path} ({len(sets)} languages, {size} bytes)")
        return 0
    files = exporter.dump(knowledge)
    if path.suffix == ".zip":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(exporter.zip_bytes(files))
        print(f"wrote {path} ({len(files)} files, {len(knowledge.entries)} entries)")
    else:
        for written in exporter.write_directory(files, path):
            print(f"wrote {written}")
    return 0


async def cmd_kb_validate(settings: Settings, args: argparse.Namespace) -> int:
    """List every problem in the files (against the base, for a part of it)."""
    async with open_runtime(settings) as runtime, runtime.sessions() as session:
        reading = await interchange.read(
            session, args.path, interchange.Format(args.format), args.lang
        )
    status = report_problems(reading.knowledge, reading.problems)
    print_notes(reading.notes)
    return status


def report_problems(knowledge: documents.KnowledgeSet, problems: list[documents.Problem]) -> int:
    """Print the problems (or that there are none); return the exit status."""
    if problems:
        print(f"{len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"ok: {len(knowledge.entries)} entries, {len(knowledge.communes)} communes")
    return 0


async def cmd_kb_import(settings: Settings, args: argparse.Namespace) -> int:
    """Validate everything, then apply it all in one transaction, or nothing."""
    async with open_runtime(settings) as runtime:
        async with runtime.sessions() as session:
            reading = await interchange.read(
                session, args.path, interchange.Format(args.format), args.lang
            )
        knowledge = reading.knowledge
        if reading.problems:
            report_problems(knowledge, reading.problems)
            print_notes(reading.notes)
            print("nothing was imported", file=sys.stderr)
            return 1
        async with runtime.sessions() as session:
            if args.dry_run:
                changes = await importer.plan(session, knowledge)
            else:
                async with session.begin():
                    changes = await importer.apply(session, knowledge)
                    audit.record_import(session, changes, None, source=args.path.name)
    print("would change (dry run):" if args.dry_run else "imported:")
    print(render_changes(changes))
    print_notes(reading.notes)
    return 0


def print_notes(notes: Sequence[str]) -> None:
    """What the input held that Passerelle does not keep, and what the reader decided."""
    if notes:
        print(f"notes ({len(notes)}):")
        for note in notes:
            print(f"  {note}")


async def cmd_kb_template(settings: Settings, args: argparse.Namespace) -> int:
    """Write the empty spreadsheet staff fill in (with the base's communes and axes)."""
    from knowledge import spreadsheets

    async with open_runtime(settings) as runtime, runtime.sessions() as session:
        knowledge = await exporter.read_knowledge(session)
    axes = [e for e in knowledge.entries if e.kind == "axis"]
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(spreadsheets.template(knowledge.communes, axes))
    print(f"wrote {out}")
    return 0


def render_changes(changes: importer.Changes) -> str:
    """What was added, changed and removed."""
    lines = []
    for label, ids in (
        ("added", changes.added),
        ("changed", changes.changed),
        ("removed", changes.removed),
        ("communes added", changes.communes_added),
        ("communes changed", changes.communes_changed),
        ("communes removed", changes.communes_removed),
    ):
        lines.append(f"  {label}: {len(ids)}" + (f" ({', '.join(ids)})" if ids else ""))
    lines.append(f"  unchanged: {changes.unchanged}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
