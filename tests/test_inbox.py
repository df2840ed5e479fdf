"""The triage inbox: suggestions kept when a source is added, accepted as
evidence or rejected for good, on both backends."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from trackers import run_tracker

from tracker.errors import InvalidInput, NotFound
from tracker.service import Tracker

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = """Kabul, July 2, 2020

US forces in Afghanistan now number 8,600, a Pentagon spokesman said on Wednesday, meeting the first
target of the February deal.

Separately, the Taliban released 200 more government prisoners on Tuesday, the group's spokesman said.
"""


def add(tracker: Tracker, folder: Path, text: str = ARTICLE, name: str = "wire.txt") -> int:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    outcome = tracker.add_targets([str(path)])[0]
    assert outcome.added is not None
    return outcome.added.id


def test_a_new_source_brings_its_suggestions_to_the_inbox(empty_tracker: Tracker, tmp_path: Path) -> None:
    sid = add(empty_tracker, tmp_path)
    waiting = empty_tracker.open_suggestions(sid)
    assert waiting and empty_tracker.awaiting_triage() == len(waiting)
    assert [(s.source_id, s.open) for s in empty_tracker.inbox()] == [(sid, len(waiting))]
    drawdown = next(s for s in waiting if s.obligation_id == "us-drawdown-8600")
    assert "8,600" in drawdown.exact and drawdown.level == 8600
    # the restated promise of the Joint Declaration is not suggested beside the Doha original
    assert not any(s.obligation_id == "jd-us-drawdown-8600" for s in waiting)
    # adding the same article again computes nothing new
    add(empty_tracker, tmp_path)
    assert empty_tracker.awaiting_triage() == len(waiting)


def test_accept_stores_evidence_once_and_reject_is_for_good(empty_tracker: Tracker, tmp_path: Path) -> None:
    sid = add(empty_tracker, tmp_path)
    waiting = empty_tracker.open_suggestions(sid)
    drawdown = next(s for s in waiting if s.obligation_id == "us-drawdown-8600")
    evidence = empty_tracker.accept_stored(drawdown.id, {"note": "checked against the DoD release"})
    assert (evidence.obligation_id, evidence.value, evidence.note) == ("us-drawdown-8600", 8600, "checked against the DoD release")
    with pytest.raises(InvalidInput, match="already accepted"):
        empty_tracker.accept_stored(drawdown.id)
    other = next(s for s in waiting if s.id != drawdown.id)
    rejected = empty_tracker.reject_stored(other.id, "about the other side's prisoners")
    assert (rejected.state, rejected.reason, rejected.decided_by) == ("rejected", "about the other side's prisoners", "tester")
    assert empty_tracker.awaiting_triage() == len(waiting) - 2
    # never suggested again for that span and obligation, wherever suggestions are asked for
    _, again = empty_tracker.suggest_source(sid, top_k=10)
    assert not any((s.obligation, s.start, s.end) == (other.obligation_id, other.start, other.end) for s in again)
    across = empty_tracker.suggest_obligation(other.obligation_id, top_k=10)
    assert not any((s.start, s.end) == (other.start, other.end) for _, s in across)
    with pytest.raises(NotFound, match="unknown suggestion"):
        empty_tracker.reject_stored(99999)


def test_evidence_added_by_hand_settles_the_suggestion(empty_tracker: Tracker, tmp_path: Path) -> None:
    sid = add(empty_tracker, tmp_path)
    drawdown = next(s for s in empty_tracker.open_suggestions(sid) if s.obligation_id == "us-drawdown-8600")
    empty_tracker.add_evidence("us-drawdown-8600", sid, drawdown.exact, start=drawdown.start, end=drawdown.end,
                               stance="supports-compliance")
    assert drawdown.id not in {s.id for s in empty_tracker.open_suggestions(sid)}


def test_decisions_survive_a_backup(empty_tracker: Tracker, tmp_path: Path) -> None:
    sid = add(empty_tracker, tmp_path)
    first = empty_tracker.open_suggestions(sid)[0]
    empty_tracker.reject_stored(first.id, "not about the deal")
    data = json.loads(json.dumps(empty_tracker.export_data()))
    restored = Tracker(f"sqlite:///{tmp_path / 'restored.db'}", "tester")
    restored.import_data(data)
    assert first.id not in {s.id for s in restored.open_suggestions(sid)}
    _, again = restored.suggest_source(sid, top_k=10)
    assert not any((s.obligation, s.start, s.end) == (first.obligation_id, first.start, first.end) for s in again)


def test_the_inbox_is_read_a_page_at_a_time(empty_tracker: Tracker, tmp_path: Path) -> None:
    """A large inbox is walked in pages, in triage order (source, best first),
    and a decision between two pages neither skips nor repeats a suggestion."""
    add(empty_tracker, tmp_path)
    add(empty_tracker, tmp_path, ARTICLE.replace("8,600", "8,700").replace("200 more", "300 more"), "second.txt")
    whole = empty_tracker.open_suggestions()
    assert len(whole) >= 4
    first = empty_tracker.inbox_page(None, 2)
    assert [i.id for i in first.items] == [i.id for i in whole[:2]]
    assert first.more and first.total == len(whole)
    assert set(first.titles) == {i.source_id for i in first.items}
    empty_tracker.reject_stored(first.items[0].id, reason="not about the deal")
    seen = [i.id for i in first.items]
    page = first
    while page.more:
        last = page.items[-1]
        page = empty_tracker.inbox_page((last.source_id, last.score, last.id), 2)
        seen.extend(i.id for i in page.items)
    assert seen == [i.id for i in whole]
    assert page.total == len(whole) - 1
    assert [s.source_id for s in empty_tracker.inbox(1)] == [whole[0].source_id]
    assert empty_tracker.inbox_counts() == (2, len(whole) - 1)


def test_inbox_from_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_tracker(db, *args, ok=False, author="ana")

    init = run("init")
    assert init.returncode == 0 and "suggestions await triage" in init.stderr
    listed = json.loads(run("inbox", "--format", "json").stdout)
    assert {s["source"] for s in listed} <= {1, 2, 3, 4, 5} and all(s["open"] > 0 for s in listed)
    one = json.loads(run("inbox", "--source", str(listed[0]["source"]), "--format", "json").stdout)
    accepted = run("inbox", "accept", str(one[0]["id"]), "--stance", "context")
    assert accepted.returncode == 0 and accepted.stdout.strip().isdigit()
    rejected = run("inbox", "reject", str(one[1]["id"]), "--reason", "duplicate")
    assert rejected.returncode == 0 and "will not be suggested again" in rejected.stderr
    twice = run("inbox", "reject", str(one[1]["id"]))
    assert twice.returncode == 1 and twice.stderr.startswith("error: suggestion") and "already rejected" in twice.stderr
    assert len(json.loads(run("inbox", "--source", str(listed[0]["source"]), "--format", "json").stdout)) == len(one) - 2
    # a screenful of sources, and the totals say how many more there are
    shown = run("inbox", "--limit", "2")
    assert shown.returncode == 0 and "(the first 2 shown; --limit 0 shows all)" in shown.stderr
    assert f"in {len(listed)} source(s)" in shown.stderr


def _wire_stories(folder: Path, count: int) -> list[str]:
    """`count` short stories of our own, different enough to be distinct sources."""
    folder.mkdir()
    paths = []
    for i in range(count):
        path = folder / f"story{i:03d}.txt"
        path.write_text(
            f"Kabul, July {1 + i % 28}, 2020\n\n"
            f"US forces in Afghanistan now number {8600 + 10 * i:,}, a Pentagon spokesman said on Wednesday.\n\n"
            f"The Taliban released {20 + i} government prisoners in district {i} on Tuesday, officials said.\n",
            encoding="utf-8")
        paths.append(str(path))
    return paths


def _kept(tracker: Tracker) -> list[tuple[object, ...]]:
    return sorted((s.source_id, s.obligation_id, s.start, s.end, s.stance, s.confidence, s.level, s.claimant,
                   s.observed_on) for s in tracker.open_suggestions())


def test_a_large_import_computes_suggestions_in_worker_processes_and_keeps_the_same(
        db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch large enough is suggested by worker processes beside the import;
    what the inbox keeps is exactly what one process would have kept."""
    from trackers import make_tracker

    from tracker.service import suggest_pool

    paths = _wire_stories(tmp_path / "wire", 30)
    assert len(paths) >= suggest_pool.POOL_MIN_ITEMS
    started: list[int] = []
    real = suggest_pool.SuggestionPipeline._executor

    def counted(self: suggest_pool.SuggestionPipeline) -> object:
        executor = real(self)
        if executor is not None and not started:
            started.append(self.workers)
        return executor

    monkeypatch.setattr(suggest_pool, "_workers", lambda: 2)
    monkeypatch.setattr(suggest_pool.SuggestionPipeline, "_executor", counted)
    pooled = make_tracker(db_url, seeds=False)
    try:
        assert all(o.added and o.added.created for o in pooled.add_targets(paths))
        assert started == [2], "the batch ran in worker processes"
        in_pool = _kept(pooled)
    finally:
        pooled.close()
    monkeypatch.setattr(suggest_pool, "_workers", lambda: 0)
    second = tmp_path / "second.db"
    alone = make_tracker(f"sqlite:///{second}", seeds=False)
    try:
        alone.add_targets(paths)
        in_process = _kept(alone)
    finally:
        alone.close()
    assert in_pool and len({row[0] for row in in_pool}) == 30
    assert in_pool == in_process


def test_a_failing_worker_leaves_the_work_to_this_process(empty_tracker: Tracker, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """If the workers fail (here a pool whose tasks raise), every source still
    gets its suggestions, computed by the importing process."""
    from concurrent.futures import ThreadPoolExecutor

    from tracker.service import suggest_pool

    def broken(self: suggest_pool.SuggestionPipeline) -> object:
        if self.executor is None:
            # the worker function without its initializer: every task raises
            self.executor = ThreadPoolExecutor(2)
        return self.executor

    monkeypatch.setattr(suggest_pool, "_workers", lambda: 2)
    monkeypatch.setattr(suggest_pool.SuggestionPipeline, "_executor", broken)
    paths = _wire_stories(tmp_path / "wire", suggest_pool.POOL_MIN_ITEMS)
    empty_tracker.add_targets(paths)
    assert {s.source_id for s in empty_tracker.open_suggestions()} == {
        s.id for s in empty_tracker.list_sources()}


def test_workers_that_cannot_start_leave_the_batch_to_this_process(empty_tracker: Tracker, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """If worker processes cannot start (here: every submission fails as it
    did under the terminal UI, "bad value(s) in fds_to_keep"), the import
    goes on in this process, every source with its suggestions, and no error."""
    from tracker.service import suggest_pool

    class Unstartable:
        def submit(self, *args: object) -> object:
            raise ValueError("bad value(s) in fds_to_keep")

        def shutdown(self, **kwargs: object) -> None:
            pass

    def unstartable(self: suggest_pool.SuggestionPipeline) -> object:
        if self.executor is None and self.workers:
            self.executor = Unstartable()
        return self.executor

    monkeypatch.setattr(suggest_pool, "_workers", lambda: 2)
    monkeypatch.setattr(suggest_pool.SuggestionPipeline, "_executor", unstartable)
    paths = _wire_stories(tmp_path / "wire", suggest_pool.POOL_MIN_ITEMS)
    outcomes = empty_tracker.add_targets(paths)
    assert all(o.added and o.added.created for o in outcomes), [o.error for o in outcomes]
    assert {s.source_id for s in empty_tracker.open_suggestions()} == {s.id for s in empty_tracker.list_sources()}


def test_workers_start_where_standard_error_has_no_file(db_url: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Under the terminal UI standard error is a capture with no file; the
    workers still start (their helper gets the null device) and keep the
    same suggestions."""
    import io
    import sys

    from trackers import make_tracker

    from tracker.service import suggest_pool

    class NoFile(io.StringIO):
        def fileno(self) -> int:
            return -1

    started: list[int] = []
    real = suggest_pool.SuggestionPipeline._executor

    def counted(self: suggest_pool.SuggestionPipeline) -> object:
        executor = real(self)
        if executor is not None and not started:
            started.append(1)
        return executor

    def failed(self: suggest_pool.SuggestionPipeline) -> None:
        raise AssertionError("the workers were stopped: they could not start")

    monkeypatch.setattr(suggest_pool, "_workers", lambda: 2)
    monkeypatch.setattr(suggest_pool.SuggestionPipeline, "_executor", counted)
    monkeypatch.setattr(suggest_pool.SuggestionPipeline, "_stop_workers", failed)
    paths = _wire_stories(tmp_path / "wire", suggest_pool.POOL_MIN_ITEMS)
    tracker = make_tracker(db_url, seeds=False)
    try:
        monkeypatch.setattr(sys, "stderr", NoFile())
        tracker.add_targets(paths)
        monkeypatch.undo()
        assert started
        assert {s.source_id for s in tracker.open_suggestions()} == {s.id for s in tracker.list_sources()}
    finally:
        tracker.close()


def test_an_article_with_a_decimal_figure_is_imported_with_its_suggestions(empty_tracker: Tracker,
                                                                          tmp_path: Path) -> None:
    """ "16.9 million" once made the count reader fail, and the import with it."""
    sid = add(empty_tracker, tmp_path, ARTICLE + "\nAbout 16.9 million Afghans faced hunger this winter, aid groups said.\n")
    assert empty_tracker.open_suggestions(sid)


def test_a_fault_in_the_rules_on_one_article_does_not_stop_the_batch(empty_tracker: Tracker, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """If computing one article's suggestions fails (a fault in the rules, as a
    decimal figure once caused), that source is kept without them, the others
    get theirs, and the outcome says so in one note."""
    from tracker.service import suggest_pool

    real = suggest_pool.suggestions_of

    def faulty(text: str, *args: object) -> object:
        if "district 3 " in text:
            raise ValueError("invalid literal for int() with base 10: '16.9'")
        return real(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(suggest_pool, "suggestions_of", faulty)
    monkeypatch.setattr(suggest_pool, "_workers", lambda: 0)
    outcomes = empty_tracker.add_targets(_wire_stories(tmp_path / "wire", 6))
    assert all(o.added and o.added.created for o in outcomes)
    noted = [o for o in outcomes if any("could not be computed" in w for w in o.warnings)]
    assert len(noted) == 1 and "ValueError" in noted[0].warnings[-1]
    assert noted[0].added is not None
    with_suggestions = {s.source_id for s in empty_tracker.open_suggestions()}
    assert noted[0].added.id not in with_suggestions
    assert len(with_suggestions) == 5


def test_the_command_line_notes_a_source_kept_without_suggestions(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from inproc import call_main

    from tracker.service import suggest_pool

    def faulty(*args: object) -> object:
        raise ValueError("a fault in the rules")

    monkeypatch.setattr(suggest_pool, "suggestions_of", faulty)
    db = f"sqlite:///{tmp_path / 't.db'}"
    env = {"TRACKER_HOME": str(tmp_path / "home"), "TRACKER_AUTHOR": "tester", "NO_COLOR": "1",
           "TRACKER_CATALOGUE": str(ROOT / "obligations.yaml"), "TRACKER_SEEDS": str(ROOT / "seeds")}
    assert call_main(["--db", db, "init", "--no-seeds"], env)[0] == 0
    path = tmp_path / "wire.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out, err = call_main(["--db", db, "sources", "add", str(path)], env)
    assert code == 0 and out.decode().strip().isdigit()
    assert "note: source 1: its suggestions could not be computed (ValueError: a fault in the rules)" in err.decode()
    assert "Traceback" not in err.decode()


def test_an_interrupted_large_import_leaves_no_worker_pool_running(
        empty_tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C during a pooled import: by the time the interrupt reaches the
    caller the pool has shut down (its manager thread ended). A pool left
    running at exit races CPython's own exit hook, which then printed a
    traceback ("Bad file descriptor") after the one-line message."""
    import threading
    from concurrent.futures.process import _ExecutorManagerThread

    from tracker.service import suggest_pool

    monkeypatch.setattr(suggest_pool, "_workers", lambda: 2)
    paths = _wire_stories(tmp_path / "wire", 30)

    def interrupt(outcome: object, done: int, total: int) -> None:
        if done == 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        empty_tracker.add_targets(paths, on_item=interrupt)
    running = [t for t in threading.enumerate() if isinstance(t, _ExecutorManagerThread) and t.is_alive()]
    assert running == []
