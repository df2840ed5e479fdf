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

    from tracker.service import AddedSource, Tracker

app = typer.Typer(
    name="tracker",
    help="Track whether the parties to the Doha agreement keep their word.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
sources_app = typer.Typer(help="Import and list articles.", no_args_is_help=True)
evidence_app = typer.Typer(help="Link quoted passages to obligations.", no_args_is_help=True)
status_app = typer.Typer(help="Record and read the status history.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(evidence_app, name="evidence")
app.add_typer(status_app, name="status")
app.add_typer(db_app, name="db")


class _State:
    db: str | None = None
    author: str | None = None
    tracker: Tracker | None = None


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


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the schema or bring it to the latest version."""
    before, after = tracker().upgrade()
    err(f"schema: {before or 'new'} -> {after}")


# -- reading ------------------------------------------------------------------


@app.command()
def obligations(
    status: Annotated[str | None, typer.Option(help="Only this status, e.g. stalled.")] = None,
    party: Annotated[str | None, typer.Option(help="Only what this party owes, e.g. taliban (see --side).")] = None,
    side: Annotated[str, typer.Option(help="obligor (what --party owes) or beneficiary (what it is owed).")] = "obligor",
    theme: Annotated[str | None, typer.Option(help="Only this theme, e.g. counterterrorism.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue obligations.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Replay the record as of this date.")] = None,
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table",
) -> None:
    """List obligations with status, deadline and evidence counts."""
    from tracker import views

    day = parse_day(as_of, "--as-of date")
    _check_format(fmt, ("table", "json"))
    rows = tracker().obligation_rows(as_of=day, status=status, party=party, theme=theme, overdue=overdue, side=side)
    if fmt == "json":
        sys.stdout.write(json.dumps([views.obligation_row_dict(r) for r in rows], indent=2) + "\n")
    else:
        out_console().print(views.obligations_table(rows, day or tracker().today()))


@app.command()
def show(
    obligation_id: Annotated[str, typer.Argument(metavar="ID", help="Obligation id, e.g. us-drawdown-8600.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Replay the record as of this date.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Everything about one obligation: clause, deadline, metric, evidence, history."""
    from tracker import views

    _check_format(fmt, ("text", "json"))
    detail = tracker().detail(obligation_id, parse_day(as_of, "--as-of date"))
    if fmt == "json":
        sys.stdout.write(json.dumps(views.detail_dict(detail), indent=2, ensure_ascii=False) + "\n")
    else:
        out_console().print(views.detail_renderable(detail))


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
    paths: Annotated[list[Path], typer.Argument(help="Plain-text UTF-8 article files ('-' for stdin).")],
    title: Annotated[str | None, typer.Option(help="Title (default: read from the text).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Publisher, e.g. Reuters.")] = None,
    url: Annotated[str | None, typer.Option(help="Where the article was published.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date (default: read from the text).")] = None,
    byline: Annotated[str | None, typer.Option("--byline", help="The article's author.")] = None,
) -> None:
    """Import articles; the same text twice is one source. Prints each id."""
    day = parse_day(published, "--published date")
    if (title or url) and len(paths) > 1:
        fail("--title and --url describe one article; import files one at a time to set them")

    def report_added(added: AddedSource) -> None:
        # Printed as each file is stored, so an interrupted import shows what was kept.
        state_word = "added" if added.created else "already present as"
        err(f"{state_word} source {added.id}: {added.title}")
        sys.stdout.write(f"{added.id}\n")
        sys.stdout.flush()

    tracker().add_source_files(
        paths, title=title, outlet=outlet, url=url, published_on=day, author=byline, on_added=report_added
    )


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
def sources_show(source_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Print a source's text (control characters made visible)."""
    from rich.text import Text

    from tracker.domain.text import printable

    source = tracker().source(source_id)
    console = out_console()
    console.print(Text(printable(source.title), style="bold"))
    meta = " · ".join(str(x) for x in (source.outlet, source.author, source.published_on, source.url) if x)
    if meta:
        console.print(Text(printable(meta), style="dim"))
    console.print(Text(printable(source.text)))


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
    item = tracker().retract_evidence(evidence_id, reason)
    err(f"evidence {item.id} retracted: {item.retraction_reason}")


# -- status -------------------------------------------------------------------


@status_app.command("set")
def status_set(
    obligation_id: Annotated[str, typer.Argument(metavar="OBLIGATION")],
    status: Annotated[str, typer.Argument(metavar="STATUS", help="not-assessed, pending, in-progress, stalled, partial, met, breached, disputed, superseded")],
    effective: Annotated[str, typer.Option(help="When it became true, e.g. 2020-06-01.")],
    because: Annotated[str, typer.Option(help="Why, citing the evidence.")],
    evidence: Annotated[list[str] | None, typer.Option("--evidence", help="Evidence id (repeatable).")] = None,
    confidence: Annotated[str, typer.Option(help="low, medium or high.")] = "medium",
) -> None:
    """Append a status entry (history is never edited)."""
    change = tracker().set_status(
        obligation_id, status, effective=effective, because=because, evidence_ids=evidence or [],
        confidence=confidence,
    )
    err(f"{change.obligation_id}: {change.status.value} from {change.effective_on} (entry {change.seq}, {change.hash[:12]})")


@status_app.command("history")
def status_history(
    obligation_id: Annotated[str, typer.Argument(metavar="OBLIGATION")],
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table",
) -> None:
    """The timeline of status entries for one obligation."""
    from tracker import views

    _check_format(fmt, ("table", "json"))
    history = tracker().history(obligation_id)
    if fmt == "json":
        sys.stdout.write(json.dumps([views.status_dict(c) for c in history], indent=2, ensure_ascii=False) + "\n")
    elif not history:
        err(f"{obligation_id} has no status entries yet; add one with `tracker status set`")
    else:
        out_console().print(views.history_renderable(history))


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
) -> None:
    """Suggest passages that bear on obligations, attributed and dated."""
    from tracker import views

    _check_format(fmt, ("table", "json"))
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
    as_of: Annotated[str | None, typer.Option("--as-of", help="Replay the record as it stood on this date.")] = None,
    since: Annotated[str | None, typer.Option(help="Show what changed after this date.")] = None,
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
    data = tracker().report(as_of=parse_day(as_of, "--as-of date"), since=parse_day(since, "--since date"))
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
