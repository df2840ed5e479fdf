"""Command line: `tracker` (the TUI) and its subcommands.

Every command goes through tracker.service. User errors print one line on
stderr and exit 1; usage errors exit 2. Heavy modules are imported inside the
commands so that `tracker --help` and the reading commands start quickly.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from tracker.errors import InvalidInput, TrackerError

if TYPE_CHECKING:
    from rich.console import Console

    from tracker.service import Tracker

app = typer.Typer(
    name="tracker",
    help="Track whether the parties to an agreement keep their word (the 2020 Doha agreement and Joint Declaration).",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
sources_app = typer.Typer(help="Import and list articles.", no_args_is_help=True)
evidence_app = typer.Typer(help="Link quoted passages to obligations.", no_args_is_help=True)
status_app = typer.Typer(help="Record and read the status history.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema and roles.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
inbox_app = typer.Typer(
    help="Triage: suggestions kept when sources are added, awaiting accept or reject.",
    invoke_without_command=True,
)
app.add_typer(inbox_app, name="inbox")
feeds_app = typer.Typer(help="Follow RSS and Atom feeds; new entries become sources.", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")
app.add_typer(evidence_app, name="evidence")
app.add_typer(status_app, name="status")
app.add_typer(db_app, name="db")


class _State:
    db: str | None = None
    author: str | None = None
    tracker: Tracker | None = None
    interrupted: bool = False  # Ctrl-C seen (even if a finalizer swallowed its KeyboardInterrupt)


def _on_interrupt(signum: int, frame: object) -> None:
    state.interrupted = True
    raise KeyboardInterrupt


def stop_if_interrupted() -> None:
    """Between the items of a long command: a Ctrl-C that landed inside a
    garbage-collector finalizer (where Python drops the exception) still stops it."""
    if state.interrupted:
        raise KeyboardInterrupt


state = _State()


def tracker() -> Tracker:
    from tracker.service import Tracker

    if state.tracker is None:
        state.tracker = Tracker(state.db, state.author)
    return state.tracker


def out_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False, soft_wrap=False)


def err(message: str) -> None:
    sys.stderr.write(f"{message}\n")


def fail(message: str) -> NoReturn:
    raise InvalidInput(message)


def parse_day(value: str | None, what: str) -> dt.date | None:
    from tracker.domain.dates import DateError, parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except DateError as exc:
        raise InvalidInput(f"bad {what}: {exc}") from None


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        tmp = output.with_name(output.name + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)  # never leave a half-written report behind
    except OSError as exc:
        raise InvalidInput(f"cannot write {output}: {exc.strerror}; check the folder exists and is writable") from None
    err(f"wrote {output}")


FORMAT_HELP = "table or json"

AsOf = Annotated[str | None, typer.Option(
    "--as-of", help="What is known now about this date: entries effective by then, whenever recorded.")]
KnownOn = Annotated[str | None, typer.Option(
    "--known-on", help="Only what had been recorded by the end of this day (the audit view).")]
AgreementOpt = Annotated[str | None, typer.Option("--agreement", help="Only this agreement's obligations, e.g. doha-2020.")]


def view_dates(as_of: str | None, known_on: str | None) -> tuple[dt.date | None, dt.date | None]:
    return parse_day(as_of, "--as-of date"), parse_day(known_on, "--known-on date")


def view_title(what: str, as_of: dt.date | None, known_on: dt.date | None) -> str:
    if as_of is None and known_on is None:
        return f"{what} as of {tracker().today()}"
    title = f"{what} as of {as_of or known_on}"
    return title + (f", as recorded on {known_on}" if known_on is not None else "")


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: TRACKER_DB or the data folder).")] = None,
    author: Annotated[str | None, typer.Option("--author", help="Name recorded on writes (default: TRACKER_AUTHOR or login).")] = None,
) -> None:
    state.db = db
    state.author = author
    if ctx.invoked_subcommand is None:
        from tracker.tui.launch import launch

        launch(tracker())


# -- set-up -------------------------------------------------------------------


@app.command()
def init(
    catalogue: Annotated[Path | None, typer.Option(help="Catalogue YAML (default: obligations.yaml).")] = None,
    seeds: Annotated[Path | None, typer.Option(help="Seed folder with evidence.yaml (default: seeds/).")] = None,
    no_seeds: Annotated[bool, typer.Option("--no-seeds", help="Load the catalogue only.")] = False,
) -> None:
    """Create or migrate the database, load the catalogue and import the seeds."""
    from tracker import config
    from tracker.seeding import load_seeds

    t = tracker()
    catalogue_path = catalogue or config.default_catalogue()
    t.parse_catalogue_file(catalogue_path)  # validate before touching the database
    before, after = t.upgrade()
    loaded = t.load_catalogue(catalogue_path)  # may refuse; then the only line on stderr is the error
    err(f"schema: {before or 'new'} -> {after} ({t.safe_url()})")
    err(f"catalogue: {len(loaded.agreements)} agreement(s), {len(loaded.obligations)} obligations from {catalogue_path}")
    if not no_seeds:
        result = load_seeds(t, seeds or config.default_seeds())
        if result.skipped:
            err("seeds: the database already has evidence or history; seeds not loaded again")
        else:
            err(f"seeds: {result.sources} sources, {result.evidence} evidence items, {result.status} status entries")
            kept = t.index_pending()
            err(f"inbox: {kept} suggestions await triage (`tracker inbox`)")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the schema or bring it to the latest version."""
    before, after = tracker().upgrade()
    err(f"schema: {before or 'new'} -> {after}")


@db_app.command("roles")
def db_roles(
    show: Annotated[bool, typer.Option("--print", help="Show the SQL without running it.")] = False,
) -> None:
    """PostgreSQL: create the tracker_reader and tracker_editor group roles (idempotent)
    and make the history tables append-only for everyone. Run it as the tables' owner."""
    t = tracker()
    script = t.database_roles(dry_run=show)
    if show:
        sys.stdout.write(script)
        return
    err(f"roles: tracker_reader and tracker_editor are ready on {t.safe_url()}; "
        "add a login with e.g. CREATE ROLE alice LOGIN PASSWORD '…' IN ROLE tracker_editor")


# -- reading ------------------------------------------------------------------


@app.command()
def obligations(
    status: Annotated[str | None, typer.Option(help="Only this status, e.g. stalled.")] = None,
    party: Annotated[str | None, typer.Option(help="Only what this party owes, e.g. taliban (see --side).")] = None,
    side: Annotated[str, typer.Option(help="obligor (what --party owes) or beneficiary (what it is owed).")] = "obligor",
    theme: Annotated[str | None, typer.Option(help="Only this theme, e.g. counterterrorism.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue obligations.")] = False,
    as_of: AsOf = None,
    known_on: KnownOn = None,
    agreement: AgreementOpt = None,
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table",
) -> None:
    """List obligations with status, deadline and evidence counts."""
    from tracker import views

    day, known = view_dates(as_of, known_on)
    _check_format(fmt, ("table", "json"))
    rows = tracker().obligation_rows(as_of=day, known_on=known, status=status, party=party, theme=theme,
                                     overdue=overdue, side=side, agreement=agreement)
    if fmt == "json":
        sys.stdout.write(json.dumps([views.obligation_row_dict(r) for r in rows], indent=2) + "\n")
    else:
        out_console().print(views.obligations_table(rows, view_title("Obligations", day, known)))


@app.command()
def show(
    obligation_id: Annotated[str, typer.Argument(metavar="ID", help="Obligation id, e.g. us-drawdown-8600.")],
    as_of: AsOf = None,
    known_on: KnownOn = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Everything about one obligation: clause, deadline, conditions, readings, evidence, history."""
    from tracker import views

    _check_format(fmt, ("text", "json"))
    day, known = view_dates(as_of, known_on)
    detail = tracker().detail(obligation_id, day, known)
    if fmt == "json":
        sys.stdout.write(json.dumps(views.detail_dict(detail), indent=2, ensure_ascii=False) + "\n")
    else:
        out_console().print(views.detail_renderable(detail))


@app.command()
def scorecard(
    as_of: AsOf = None,
    known_on: KnownOn = None,
    agreement: AgreementOpt = None,
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table",
) -> None:
    """What each party owes and how it stands: by status, overdue, met on time or late, lapsed."""
    from tracker import views

    _check_format(fmt, ("table", "json"))
    day, known = view_dates(as_of, known_on)
    scores = tracker().scorecard(as_of=day, known_on=known, agreement=agreement)
    if fmt == "json":
        sys.stdout.write(json.dumps([views.scorecard_dict(s) for s in scores], indent=2, ensure_ascii=False) + "\n")
    else:
        out_console().print(views.scorecard_table(scores, view_title("Scorecard by party", day, known)))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in sources and obligations.")],
    limit: Annotated[int, typer.Option(help="At most this many source hits.")] = 20,
) -> None:
    """Full-text search over sources (FTS5 / PostgreSQL) and obligations."""
    from rich.text import Text

    from tracker.domain.text import printable

    hits = tracker().search(query, limit)
    console = out_console()
    if not hits:
        err(f"no matches for '{query}'")
        return
    for hit in hits:
        line = Text(f"{hit.kind:<10} {hit.ref:<28} ", style="bold") + Text(printable(hit.title))
        console.print(line)
        console.print(Text("           " + printable(hit.snippet), style="dim"))


# -- sources ------------------------------------------------------------------


@sources_app.command("add")
def sources_add(
    targets: Annotated[list[str], typer.Argument(
        metavar="PATH_OR_URL...",
        help="Articles: .txt/.md, .html/.htm, .pdf files, folders (read recursively), http(s) URLs, '-' for stdin.")],
    title: Annotated[str | None, typer.Option(help="Title (default: from the page, PDF or text).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Publisher, e.g. Reuters.")] = None,
    url: Annotated[str | None, typer.Option(help="Where the article was published (default: the URL fetched).")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date (default: from the document).")] = None,
    byline: Annotated[str | None, typer.Option("--byline", "--author", help="The article's author.")] = None,
) -> None:
    """Import articles; prints each source's id on stdout, one a line (new or already present).

    One bad item never stops the others; the exit code is 1 if any failed.
    """
    from tracker.domain.text import printable
    from tracker.service import IntakeOutcome

    day = parse_day(published, "--published date")
    if (title or url) and (len(targets) > 1 or any(Path(t).is_dir() for t in targets)):
        fail("--title and --url describe one article; add items one at a time to set them")
    many = len(targets) > 3 or any(Path(t).is_dir() for t in targets if t != "-")
    progress = _progress_bar() if many else None
    task = progress.add_task("adding sources", total=None) if progress else None

    def each(outcome: IntakeOutcome, done: int, total: int) -> None:
        # Printed as each item ends, so an interrupted import shows what was kept.
        stop_if_interrupted()
        label = printable(outcome.label)
        if outcome.added is not None:
            added = outcome.added
            word = "added source" if added.created else "already present as source"
            line = f"{label}: {word} {added.id}: {printable(added.title)}"
            if added.differs:
                flags = [("published" if f == "published_on" else f) for f in added.differs]
                options = " ".join(f"--{flag} {flag.upper()}" for flag in flags)
                line += (f" (the {' and '.join(flags)} you gave differ from the stored source's; "
                         f"to change them: tracker sources edit {added.id} {options})")
            sys.stdout.write(f"{added.id}\n")
            sys.stdout.flush()
        elif total == 1:
            return  # one item: its error is the command's one line
        else:
            line = f"failed: {printable(outcome.error or label)}"
        for warning in outcome.warnings:
            line += f"\n  note: {printable(warning)}"
        if progress is not None and task is not None:
            progress.update(task, completed=done, total=total)
            progress.console.print(line, markup=False, highlight=False)
        else:
            err(line)

    if progress is not None:
        with progress:
            outcomes = tracker().add_targets(targets, title=title, outlet=outlet, url=url, published_on=day,
                                             author=byline, on_item=each)
    else:
        outcomes = tracker().add_targets(targets, title=title, outlet=outlet, url=url, published_on=day,
                                         author=byline, on_item=each)
    added = sum(1 for o in outcomes if o.added and o.added.created)
    present = sum(1 for o in outcomes if o.added and not o.added.created)
    failed = [o for o in outcomes if o.added is None]
    from tracker.service.sources import SUGGESTIONS_FAILED

    for outcome in outcomes:  # known only once the batch's suggestions are all in
        for warning in outcome.warnings:
            if warning.startswith(SUGGESTIONS_FAILED) and outcome.added is not None:
                err(f"note: source {outcome.added.id}: {printable(warning)}")
    if len(outcomes) == 1 and failed:
        fail(failed[0].error or "the item could not be added")
    if many or (failed and len(outcomes) > 1):
        err(f"{added} added, {present} already present, {len(failed)} failed")
        for outcome in failed:
            err(f"  failed: {printable(outcome.error or outcome.label)}")
    if failed:
        raise typer.Exit(1)


def _progress_bar() -> Any:
    """A progress bar on stderr when it is a terminal (else None: plain lines only)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
    if not console.is_terminal:
        return None
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    )


@sources_app.command("edit")
def sources_edit(
    source_id: Annotated[str, typer.Argument(metavar="ID")],
    title: Annotated[str | None, typer.Option(help="The corrected title.")] = None,
    outlet: Annotated[str | None, typer.Option(help="The corrected outlet ('' clears it).")] = None,
    published: Annotated[str | None, typer.Option(help="The corrected publication date.")] = None,
    url: Annotated[str | None, typer.Option(help="The corrected URL ('' clears it).")] = None,
    byline: Annotated[str | None, typer.Option("--author", "--byline", help="The corrected author ('' clears it).")] = None,
    reason: Annotated[str | None, typer.Option(help="Why (kept with the change).")] = None,
) -> None:
    """Correct a source's details; the old values are kept (see `sources show ID`)."""
    from tracker.domain.text import printable

    day = parse_day(published, "--published date")
    edits = tracker().edit_source(
        source_id, {"title": title, "outlet": outlet, "published_on": day, "url": url, "author": byline},
        reason=reason,
    )
    if not edits:
        err(f"source {source_id}: nothing changed (the values given are the ones it has)")
        return
    for edit in edits:
        err(f"source {edit.source_id}: {edit.field} {printable(repr(edit.old_value))} -> {printable(repr(edit.new_value))}")


@sources_app.command("list")
def sources_list(fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table") -> None:
    """All sources with their evidence counts."""
    from tracker import views

    _check_format(fmt, ("table", "json"))
    rows = tracker().list_sources()
    if fmt == "json":
        sys.stdout.write(json.dumps([views.source_summary_dict(r) for r in rows], indent=2) + "\n")
    else:
        out_console().print(views.sources_table(rows))


@sources_app.command("show")
def sources_show(
    source_id: Annotated[str, typer.Argument(metavar="ID")],
    original: Annotated[bool, typer.Option("--original", help="Write the original bytes (HTML, PDF, text) instead.")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File for --original ('-' for stdout).")] = None,
) -> None:
    """Print a source's text (control characters made visible), its details and their corrections."""
    from rich.text import Text

    from tracker.domain.text import printable

    if output is not None and not original:
        fail("-o is for --original; to save the text, redirect: tracker sources show ID > FILE")
    t = tracker()
    if original:
        if output is None:
            fail("--original needs -o FILE (or -o - to write the bytes to stdout)")
        source, media_type, data = t.source_original(source_id)
        if str(output) == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            _write_bytes(output, data)
            err(f"wrote the original of source {source.id} ({media_type}, {len(data)} bytes) to {output}")
        return
    source = t.source(source_id)
    console = out_console()
    console.print(Text(printable(source.title), style="bold"))
    meta = " · ".join(str(x) for x in (source.outlet, source.author, source.published_on, source.url) if x)
    if meta:
        console.print(Text(printable(meta), style="dim"))
    made = f"{source.kind}" + (f", text by {source.extractor}" if source.extractor and source.kind != "text" else "")
    if source.page_starts:
        made += f", {len(source.page_starts)} pages"
    if source.original_sha256:
        made += f"; original kept (sha256 {source.original_sha256[:12]}…)"
    console.print(Text(printable(made), style="dim"))
    for redirect in source.redirects:
        console.print(Text(printable(f"redirected from {redirect}"), style="dim"))
    for edit in t.source_edits(source.id):
        why = f" ({edit.reason})" if edit.reason else ""
        console.print(Text(printable(
            f"corrected {edit.edited_at:%Y-%m-%d %H:%M} by {edit.edited_by}: {edit.field} "
            f"{edit.old_value!r} -> {edit.new_value!r}{why}"), style="dim"))
    console.print(Text(printable(source.text)))


def _write_bytes(path: Path, data: bytes) -> None:
    if path.is_dir():
        fail(f"{path} is a folder; give a file name for -o")
    try:
        tmp = path.with_name(f".{path.name}.part")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        fail(f"cannot write {path} ({exc.strerror}); check the folder exists and is writable")


# -- inbox --------------------------------------------------------------------

# a desk with thousands of sources gets a screenful, not a scroll of thousands of rows
INBOX_TABLE_ROWS = 50


@inbox_app.callback()
def inbox_list(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option("--source", help="List one source's open suggestions.")] = None,
    index: Annotated[bool, typer.Option("--index", help="First compute suggestions for sources that have none.")] = False,
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table",
    limit: Annotated[int | None, typer.Option(
        "--limit", min=0, help="Show the first N sources (0: all). Default: 50 in a table, all in JSON.")] = None,
) -> None:
    """What awaits a decision: sources with open suggestions, or one source's suggestions."""
    if ctx.invoked_subcommand is not None:
        return
    from tracker import views

    _check_format(fmt, ("table", "json"))
    t = tracker()
    if index:
        kept = t.index_pending()
        err(f"computed suggestions for sources that had none: {kept} kept")
    if source is not None:
        items = t.open_suggestions(source)
        if fmt == "json":
            sys.stdout.write(json.dumps([views.stored_suggestion_dict(s) for s in items], indent=2) + "\n")
        else:
            out_console().print(views.stored_suggestions_view(items))
            err(f"{len(items)} open; accept: tracker inbox accept ID · reject: tracker inbox reject ID --reason TEXT")
        return
    if limit is None:
        limit = 0 if fmt == "json" else INBOX_TABLE_ROWS
    sources = t.inbox(limit or None)
    if fmt == "json":
        sys.stdout.write(json.dumps([views.inbox_source_dict(s) for s in sources], indent=2) + "\n")
        return
    in_sources, waiting = t.inbox_counts()
    out_console().print(views.inbox_table(sources))
    shown = f" (the first {len(sources)} shown; --limit 0 shows all)" if len(sources) < in_sources else ""
    err(f"{waiting} suggestions await triage in {in_sources} source(s){shown}; see one: tracker inbox --source ID")


@inbox_app.command("accept")
def inbox_accept(
    suggestion_id: Annotated[str, typer.Argument(metavar="ID")],
    stance: Annotated[str | None, typer.Option(help="Change the stance before storing.")] = None,
    claimant: Annotated[str | None, typer.Option(help="Change the claimant.")] = None,
    observed_on: Annotated[str | None, typer.Option("--observed-on", help="Change the date of the fact.")] = None,
    value: Annotated[str | None, typer.Option(help="Change the metric value (a level reached).")] = None,
    note: Annotated[str | None, typer.Option(help="Analyst's note.")] = None,
) -> None:
    """Store an open suggestion as evidence (optionally edited)."""
    changes = {k: v for k, v in {"stance": stance, "claimant": claimant, "observed_on": observed_on,
                                  "value": value, "note": note}.items() if v is not None}
    evidence = tracker().accept_stored(suggestion_id, changes)
    err(f"suggestion {suggestion_id} accepted as evidence {evidence.id} ({evidence.obligation_id}, {evidence.stance.value})")
    sys.stdout.write(f"{evidence.id}\n")


@inbox_app.command("reject")
def inbox_reject(
    suggestion_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: Annotated[str | None, typer.Option(help="Why (kept with the decision).")] = None,
) -> None:
    """Reject an open suggestion: that span is never suggested again for that obligation."""
    decided = tracker().reject_stored(suggestion_id, reason)
    err(f"suggestion {decided.id} rejected ({decided.obligation_id}); it will not be suggested again")


# -- feeds --------------------------------------------------------------------


@feeds_app.command("add")
def feeds_add(
    url: Annotated[str, typer.Argument(metavar="URL", help="The feed's address (RSS or Atom).")],
    name: Annotated[str | None, typer.Option(help="A short name (default: the feed's title).")] = None,
) -> None:
    """Follow a feed (checked once now); `tracker feeds pull` adds its entries."""
    from tracker.domain.text import printable

    feed = tracker().add_feed(url, name=name)
    err(f"following feed {feed.id}: {printable(feed.name)} ({printable(feed.url)}); run `tracker feeds pull`")
    sys.stdout.write(f"{feed.id}\n")


@feeds_app.command("list")
def feeds_list(fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table") -> None:
    """The feeds followed, when each was last pulled, and how its entries fared."""
    from tracker import views

    _check_format(fmt, ("table", "json"))
    rows = tracker().list_feeds()
    if fmt == "json":
        sys.stdout.write(json.dumps([views.feed_dict(f) for f in rows], indent=2) + "\n")
    else:
        out_console().print(views.feeds_table(rows))


@feeds_app.command("pull")
def feeds_pull(
    feeds: Annotated[list[str] | None, typer.Argument(metavar="[FEED...]", help="Ids or names (default: all).")] = None,
) -> None:
    """Fetch each feed (conditionally) and add its new entries; failed entries are tried again next time.

    Prints the id of each source added on stdout; exit 1 if a feed or an entry failed.
    """
    from tracker.domain.text import printable
    from tracker.service import IntakeOutcome

    def each(feed: Any, label: str, outcome: IntakeOutcome | None) -> None:
        stop_if_interrupted()
        if outcome is None:
            err(f"{printable(feed.name)}: {printable(label)}: already present")
        elif outcome.added is not None:
            word = "added source" if outcome.added.created else "already present as source"
            err(f"{printable(feed.name)}: {word} {outcome.added.id}: {printable(outcome.added.title)}")
            if outcome.added.created:
                sys.stdout.write(f"{outcome.added.id}\n")
                sys.stdout.flush()
        else:
            err(f"{printable(feed.name)}: failed (will retry): {printable(outcome.error or label)}")

    t = tracker()
    if not feeds and not t.list_feeds():
        fail("no feeds yet; follow one with `tracker feeds add URL`")
    results = t.pull_feeds(feeds or (), on_entry=each)
    problems = 0
    for result in results:
        name = printable(result.feed.name)
        if result.error:
            problems += 1
            err(f"{name}: {printable(result.error)}")
            continue
        if not result.modified and not (result.added or result.present or result.failed):
            err(f"{name}: nothing new (not modified)")
            continue
        problems += bool(result.failed)
        err(f"{name}: {result.added} added, {result.present} already present, {len(result.failed)} failed")
    if problems:
        raise typer.Exit(1)


# -- evidence -----------------------------------------------------------------


@evidence_app.command("add")
def evidence_add(
    obligation_id: Annotated[str, typer.Argument(metavar="OBLIGATION")],
    source_id: Annotated[str, typer.Argument(metavar="SOURCE")],
    quote: Annotated[str, typer.Option(help="The exact words of the passage.")],
    prefix: Annotated[str, typer.Option(help="Words just before the quote, when it occurs twice.")] = "",
    stance: Annotated[str, typer.Option(help="supports-compliance, indicates-breach or context.")] = "context",
    claimant: Annotated[str | None, typer.Option(help="Who asserts it, e.g. 'UN Monitoring Team'.")] = None,
    observed_on: Annotated[str | None, typer.Option("--observed-on", help="Date of the fact; 'last week' is read against the article's date.")] = None,
    value: Annotated[str | None, typer.Option(help="A number the passage gives, e.g. 8600.")] = None,
    note: Annotated[str | None, typer.Option(help="Analyst's note.")] = None,
    force: Annotated[str | None, typer.Option(
        "--force", metavar="REASON", help="Keep an observed date after the article's date (or before signing), saying why.")] = None,
) -> None:
    """Link a passage of a source to an obligation (the quote must be in the source)."""
    item = tracker().add_evidence(
        obligation_id, source_id, quote, prefix=prefix, stance=stance, claimant=claimant,
        observed_on=observed_on, value=value, note=note, force=force,
    )
    err(f"evidence {item.id}: {item.obligation_id} <- source {item.source_id} [{item.position.start}:{item.position.end}] {item.stance.value}")
    sys.stdout.write(f"{item.id}\n")


@evidence_app.command("retract")
def evidence_retract(
    evidence_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: Annotated[str, typer.Option(help="Why the evidence no longer stands.")],
) -> None:
    """Mark evidence retracted; the record is kept."""
    from tracker.domain.text import printable

    item = tracker().retract_evidence(evidence_id, reason)
    err(f"evidence {item.id} retracted: {printable(item.retraction_reason or '')}")


@evidence_app.command("correct")
def evidence_correct(
    evidence_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: Annotated[str, typer.Option(help="What was wrong (kept in the corrections log).")],
    stance: Annotated[str | None, typer.Option(help="supports-compliance, indicates-breach or context.")] = None,
    claimant: Annotated[str | None, typer.Option(help="Who asserts it ('' clears it).")] = None,
    observed_on: Annotated[str | None, typer.Option("--observed-on", help="Date of the fact.")] = None,
    value: Annotated[str | None, typer.Option(help="The number the passage gives.")] = None,
    note: Annotated[str | None, typer.Option(help="Analyst's note ('' clears it).")] = None,
    force: Annotated[str | None, typer.Option(
        "--force", metavar="REASON", help="Keep an observed date after the article's date, saying why.")] = None,
) -> None:
    """Record a new version of an evidence item's reading; every earlier version is kept."""
    item = tracker().correct_evidence(
        evidence_id, reason=reason, stance=stance, claimant=claimant, observed_on=observed_on, value=value,
        note=note, force=force,
    )
    err(f"evidence {item.id} corrected: now version {item.version} ({item.stance.value}); "
        f"see `tracker evidence history {item.id}`")


@evidence_app.command("history")
def evidence_history(
    evidence_id: Annotated[str, typer.Argument(metavar="ID")],
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Every version of an evidence item: as first recorded, then each correction."""
    from tracker import views

    _check_format(fmt, ("text", "json"))
    original, corrections = tracker().evidence_history(evidence_id)
    if fmt == "json":
        first = {
            "version": 1, "stance": original.stance.value, "claimant": original.claimant,
            "observed_on": original.observed_on.isoformat() if original.observed_on else None,
            "value": original.value, "note": original.note, "author": original.author,
            "recorded_at": original.created_at.isoformat(),
        }
        versions = [first, *({"version": n, **views.correction_dict(c)} for n, c in enumerate(corrections, start=2))]
        sys.stdout.write(json.dumps({"id": original.id, "obligation": original.obligation_id,
                                     "exact": original.quote.exact, "retracted": original.retracted,
                                     "versions": versions}, indent=2, ensure_ascii=False) + "\n")
    else:
        out_console().print(views.evidence_history_renderable(original, corrections))


# -- status -------------------------------------------------------------------


@status_app.command("set")
def status_set(
    obligation_id: Annotated[str, typer.Argument(metavar="OBLIGATION")],
    status: Annotated[str, typer.Argument(metavar="STATUS", help="not-assessed, pending, in-progress, stalled, partial, met, breached, disputed, superseded")],
    effective: Annotated[str, typer.Option(help="When it became true, e.g. 2020-06-01.")],
    because: Annotated[str, typer.Option(help="Why, citing the evidence.")],
    evidence: Annotated[list[str] | None, typer.Option("--evidence", help="Evidence id (repeatable).")] = None,
    confidence: Annotated[str, typer.Option(help="low, medium or high.")] = "medium",
    assessor: Annotated[str | None, typer.Option(
        help="Record someone else's reading: a party id (taliban, us, …) or a monitor (un-monitoring-team).")] = None,
    reason_code: Annotated[str | None, typer.Option(
        "--reason-code", help="Why it stalled, was breached or lapsed (codes in obligations.yaml).")] = None,
) -> None:
    """Append a status entry (history is never edited)."""
    change = tracker().set_status(
        obligation_id, status, effective=effective, because=because, evidence_ids=evidence or [],
        confidence=confidence, assessor=assessor, reason_code=reason_code,
    )
    who = "" if change.assessor == "analyst" else f" ({change.assessor}'s reading)"
    err(f"{change.obligation_id}: {change.status.value}{who} from {change.effective_on} "
        f"(entry {change.seq}, {change.hash[:12]})")


@status_app.command("history")
def status_history(
    obligation_id: Annotated[str, typer.Argument(metavar="OBLIGATION")],
    as_of: AsOf = None,
    known_on: KnownOn = None,
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table",
) -> None:
    """The timeline of status entries for one obligation: ours, then each other assessor's."""
    from tracker import views

    _check_format(fmt, ("table", "json"))
    day, known = view_dates(as_of, known_on)
    detail = tracker().detail(obligation_id, day, known)
    everyone = [c for c in tracker().history(obligation_id, assessor=None)
                if (day is None or c.effective_on <= day)
                and (known is None or c.recorded_at.date() <= known)]
    if fmt == "json":
        sys.stdout.write(json.dumps([views.status_dict(c, detail.flags.get((c.assessor, c.seq))) for c in everyone],
                                    indent=2, ensure_ascii=False) + "\n")
    elif not everyone:
        err(f"{obligation_id} has no status entries yet; add one with `tracker status set`")
    else:
        out_console().print(views.history_renderable(everyone, detail.flags))


@status_app.command("review")
def status_review(
    obligation_id: Annotated[str, typer.Argument(metavar="OBLIGATION")],
    seq: Annotated[str, typer.Argument(metavar="ENTRY", help="The entry's number (#N in `status history`).")],
    approve: Annotated[bool, typer.Option("--approve", help="The entry stands.")] = False,
    object_: Annotated[bool, typer.Option("--object", help="The entry should not stand (give --because).")] = False,
    because: Annotated[str | None, typer.Option(help="Why (required with --object).")] = None,
    assessor: Annotated[str | None, typer.Option(help="Whose entry: the analyst's (default) or an assessor's.")] = None,
) -> None:
    """A second analyst approves or objects to a status entry (not its own author)."""
    if approve == object_:
        fail("give exactly one of --approve or --object")
    review = tracker().review_status(obligation_id, seq, approve=approve, because=because, assessor=assessor)
    err(f"{review.obligation_id} entry {review.seq}: {review.verdict.value}d by {review.author}")


# -- suggestions ----------------------------------------------------------------

eval_app = typer.Typer(help="Evaluate the tracker against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@app.command()
def suggest(
    file: Annotated[Path | None, typer.Option("--file", help="An article not yet imported (nothing is stored).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="An imported source id.")] = None,
    obligation: Annotated[str | None, typer.Option("--obligation", help="Rank passages of every source for this obligation.")] = None,
    top: Annotated[int, typer.Option("--top", help="Best K passages per obligation.")] = 5,
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table",
    accept: Annotated[list[int] | None, typer.Option("--accept", help="Store suggestion N of the list as evidence (repeatable).")] = None,
    retrain: Annotated[bool, typer.Option(
        "--retrain", help="Learn the confidence model from the accept/reject decisions of the inbox.")] = False,
) -> None:
    """Suggest passages that bear on obligations, attributed and dated."""
    from tracker import views

    _check_format(fmt, ("table", "json"))
    if retrain:
        if file or source or obligation or accept:
            fail("--retrain learns from the inbox's decisions; give it alone")
        model_id, result = tracker().retrain_ranking()
        before, after = result.before, result.after
        err(f"model {model_id}: learned from {result.decisions} decisions ({result.accepted} accepted); "
            f"checked on {result.held_out} held out (every fifth, by id)")
        err(f"  held-out log-loss {before.log_loss:.3f} -> {after.log_loss:.3f}, accuracy {before.accuracy:.2f} -> "
            f"{after.accuracy:.2f}, accepted among the most confident half "
            f"{(before.precision_top or 0):.2f} -> {(after.precision_top or 0):.2f} (rules -> learned)")
        err("suggestions are now ranked by the learned confidence; new sources use it in the inbox")
        return
    chosen = [name for name, value in (("--file", file), ("--source", source), ("--obligation", obligation)) if value is not None]
    if len(chosen) != 1:
        fail("give exactly one of --file PATH, --source ID or --obligation ID")
    t = tracker()
    if obligation is not None:
        ranked = t.suggest_obligation(obligation, top_k=top)
        pairs = [(summary.id, s) for summary, s in ranked]
        if fmt == "json":
            sys.stdout.write(json.dumps({
                "obligation": obligation,
                "suggestions": [views.suggestion_dict(s, source=sid) for sid, s in pairs],
            }, indent=2, ensure_ascii=False) + "\n")
        else:
            out_console().print(views.suggestions_table(pairs))
        _accept(t, pairs, accept)
        return
    if file is not None:
        if accept:
            fail("--accept needs an imported source; import the file with `tracker sources add` and use --source")
        from tracker import config
        from tracker.service import read_text_file

        text = read_text_file(file, what="article", limit=config.max_source_bytes())
        suggestions = t.suggest_text(text, top_k=top)
        meta: dict[str, Any] = {"file": str(file), "id": None}
        source_key: int | None = None
    else:
        record, suggestions = t.suggest_source(str(source), top_k=top)
        meta = {"id": record.id, "title": record.title, "outlet": record.outlet,
                "published_on": record.published_on.isoformat() if record.published_on else None}
        source_key = record.id
    if fmt == "json":
        sys.stdout.write(json.dumps(
            {"source": meta, "suggestions": [views.suggestion_dict(s) for s in suggestions]},
            indent=2, ensure_ascii=False,
        ) + "\n")
    else:
        out_console().print(views.suggestions_table([(source_key, s) for s in suggestions]))
    if source_key is not None:
        _accept(t, [(source_key, s) for s in suggestions], accept)


def _accept(t: Tracker, pairs: list[tuple[Any, Any]], accept: list[int] | None) -> None:
    for number in accept or []:
        if not 1 <= number <= len(pairs):
            fail(f"--accept {number}: there are {len(pairs)} suggestions; give a number from the list")
    for number in accept or []:
        source_id, suggestion = pairs[number - 1]
        item = t.accept_suggestion(source_id, suggestion)
        err(f"evidence {item.id}: {item.obligation_id} <- source {item.source_id} (suggestion {number}, {item.stance.value})")


@eval_app.command("suggest")
def eval_suggest(
    gold: Annotated[list[Path], typer.Argument(help="Gold YAML files (see eval/gold/seeds.yaml).")],
    k: Annotated[int, typer.Option("-k", help="Cut-off for precision@k and recall@k.")] = 5,
    catalogue: Annotated[Path | None, typer.Option(help="Catalogue YAML (default: obligations.yaml).")] = None,
    per_obligation: Annotated[bool, typer.Option("--per-obligation", help="Also print each obligation.")] = False,
    misses: Annotated[bool, typer.Option("--misses", help="Print the gold passages not found.")] = False,
    only_curated: Annotated[bool, typer.Option("--only-curated", help="Ignore gold items marked origin: added.")] = False,
) -> None:
    """Print precision@k and recall@k of `suggest` per article and obligation."""
    from tracker import config
    from tracker.evaluate import evaluate, format_report, load_catalogue_file

    try:
        cat = load_catalogue_file(catalogue or config.default_catalogue())
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    result = evaluate(gold, cat, k=k, only_curated=only_curated)
    sys.stdout.write(format_report(result, per_obligation=per_obligation, misses=misses))


# -- report, integrity, transfer ---------------------------------------------------


@app.command()
def report(
    as_of: AsOf = None,
    known_on: KnownOn = None,
    since: Annotated[str | None, typer.Option(help="Open with what is new after this date (see --since-by).")] = None,
    since_by: Annotated[str, typer.Option(
        "--since-by", help="recorded (entered the record after --since) or effective (happened after it).")] = "recorded",
    agreement: AgreementOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="terminal, md, html, pdf, json or csv")] = "terminal",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
    paper: Annotated[str, typer.Option("--paper", help="Page size of html and pdf: a4 or letter.")] = "a4",
    rows: Annotated[str, typer.Option("--rows", help="CSV rows: obligations, or evidence (one per quote).")] = "obligations",
) -> None:
    """The status report, grouped by agreement part."""
    from tracker.report import FORMATS, PAPERS, ROWS, render, render_bytes

    _check_format(fmt, FORMATS)
    paper = paper.lower()
    if paper not in PAPERS:
        raise InvalidInput(f"unknown paper size '{paper}'; use {' or '.join(PAPERS)}")
    if rows not in ROWS:
        raise InvalidInput(f"unknown --rows '{rows}'; use {' or '.join(ROWS)}")
    if rows != "obligations" and fmt != "csv":
        raise InvalidInput("--rows is for CSV; add --format csv")
    if fmt == "pdf" and output is None:
        raise InvalidInput("a PDF is written to a file; add -o report.pdf")
    day, known = view_dates(as_of, known_on)
    data = tracker().report(as_of=day, known_on=known, since=parse_day(since, "--since date"), since_by=since_by,
                            agreement=agreement)
    if fmt == "pdf":
        assert output is not None
        document = render_bytes(data, fmt, paper=paper)
        try:
            tmp = output.with_name(output.name + ".part")
            tmp.write_bytes(document)
            tmp.replace(output)  # never leave a half-written report behind
        except OSError as exc:
            raise InvalidInput(f"cannot write {output}: {exc.strerror}; check the folder exists and is writable") from None
        err(f"wrote {output}")
        return
    if fmt == "terminal":
        if output is None:
            from tracker.report.terminal import report_renderable

            out_console().print(report_renderable(data))
            return
        text = render(data, fmt, color=False)
    else:
        text = render(data, fmt, paper=paper, rows=rows)
    write_output(text, output)


@app.command()
def verify(
    expect: Annotated[Path | None, typer.Option(
        "--expect", help="A file of heads printed by an earlier verify: fail if one is no longer in its chain.")] = None,
) -> None:
    """Check every hash chain and evidence anchor; exit 1 naming what is broken.

    Prints the chain heads on stdout: keep them elsewhere, and check them later with --expect."""
    kept: dict[str, str] | None = None
    if expect is not None:
        from tracker.service import read_text_file

        kept = {}
        for number, line in enumerate(read_text_file(expect, what="heads").splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 3 or parts[1] != "head" or len(parts[2]) != 64:
                fail(f"{expect}:{number}: expected 'NAME head HASH' as printed by `tracker verify`")
            kept[parts[0]] = parts[2]
    result = tracker().verify(expect=kept)
    counts = ", ".join(f"{n} {k}" for k, n in result.counts.items())
    if result.ok:
        err(f"ok: {counts}" + (f"; all {len(kept)} kept heads are still in their chains" if kept else ""))
        for name, head in {**result.heads, **result.chain_heads}.items():
            sys.stdout.write(f"{name} head {head}\n")
        return
    for problem in result.problems:
        err(f"BROKEN {problem}")
    raise typer.Exit(1)


@app.command("export")
def export_cmd(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
    fmt: Annotated[str, typer.Option("--format", help=(
        "tracker (everything, for `tracker import`), annotations (the evidence as W3C Web Annotation JSON-LD) "
        "or claimreview (each obligation's verdict as schema.org ClaimReview JSON-LD)"))] = "tracker",
    as_of: Annotated[str | None, typer.Option("--as-of", help="claimreview: the verdicts as of this date.")] = None,
    base_url: Annotated[str | None, typer.Option("--base-url", help=(
        "claimreview: the URL where the report is published; each review's url is URL#obligation."))] = None,
    publisher: Annotated[str | None, typer.Option("--publisher", help=(
        "claimreview: who publishes the reviews (default: --author).") )] = None,
) -> None:
    """Everything as one JSON document, or the evidence or the verdicts as linked data."""
    _check_format(fmt, ("tracker", "annotations", "claimreview"))
    t = tracker()
    data: dict[str, Any]
    if fmt == "tracker":
        data = t.export_data()
    elif fmt == "annotations":
        from tracker.domain.webannotation import AnnotatedSource, annotation_collection

        evidence = t.all_evidence()
        sources = {}
        for source_id in sorted({e.source_id for e in evidence}):
            source = t.source(source_id)
            sources[source_id] = AnnotatedSource(source.id, source.url, source.sha256, source.title)
        data = annotation_collection(evidence, sources, label="tracker evidence", generated_at=t.clock.now())
    else:
        from tracker.domain.claimreview import claim_reviews
        from tracker.report.html import safe_url

        if base_url is not None and safe_url(base_url) is None:
            raise InvalidInput(f"--base-url '{base_url}' is not an http(s) URL; give where the report is published")
        report_data = t.report(as_of=parse_day(as_of, "--as-of date"))
        data = claim_reviews(report_data, publisher=publisher or t.author, base_url=base_url)
        left_out = len(report_data.items) - len(data["@graph"])
        if left_out:
            err(f"{left_out} obligation(s) without a verdict (not assessed or superseded) left out")
    write_output(json.dumps(data, indent=1, ensure_ascii=False) + "\n", output)


@app.command("import")
def import_cmd(path: Annotated[Path, typer.Argument(help="A file written by `tracker export`.")]) -> None:
    """Load an export into an empty database (ids and hashes kept)."""
    from tracker.service import read_text_file

    try:
        data: Any = json.loads(read_text_file(path, what="export"))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path}:{exc.lineno}: not valid JSON ({exc.msg}); give a file from `tracker export`") from None
    counts = tracker().import_data(data)
    err("imported " + ", ".join(f"{n} {k}" for k, n in counts.items()))


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise InvalidInput(f"unknown format '{fmt}'; use one of {', '.join(allowed)}")


def main() -> None:
    """Console entry point: one-line errors, exit 1, never a traceback.

    Typer runs in standalone mode, so usage errors (a missing argument, an
    unknown option) are printed by typer itself and exit 2; our own errors pass
    through it untouched and are printed here on one line."""
    import logging

    # SQLAlchemy logs, rather than raises, a connection it could not reset when
    # Ctrl-C lands mid-query; with no handler Python would print that record's
    # traceback. Our own errors are raised and printed on one line below.
    logging.getLogger("sqlalchemy").addHandler(logging.NullHandler())
    logging.getLogger("sqlalchemy").propagate = False
    import signal

    signal.signal(signal.SIGINT, _on_interrupt)
    try:
        app()
    except TrackerError as exc:
        err(f"error: {exc}")
        sys.exit(1)
    except KeyboardInterrupt:
        err("interrupted; nothing half-written was kept")
        sys.exit(130)
    except SystemExit as exc:
        if exc.code == 130:
            err("interrupted; nothing half-written was kept")
        raise
    except Exception as exc:
        if os.environ.get("TRACKER_DEBUG"):
            raise
        err(f"internal error: {type(exc).__name__}: {exc} (set TRACKER_DEBUG=1 for details, and report it)")
        sys.exit(70)
    finally:
        if state.tracker is not None:
            from contextlib import suppress

            with suppress(KeyboardInterrupt):  # Ctrl-C after the work was done: nothing left to undo
                state.tracker.close()
