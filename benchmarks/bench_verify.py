"""Time `verify` on a large record.

Builds a database with 20,000 evidence items (over 400 sources), 5,000 status
entries and 500 retractions, then times `Tracker.verify()` and the `tracker
verify` command. The rows are written in bulk with the ledger's own hash
functions (adding 20,000 items one by one through the service would take
minutes and time the writes, not the check). Prints figures; asserts only
that the untouched record verifies.

    python benchmarks/bench_verify.py [--db URL] [--evidence N] [--status N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from tracker.domain import ledger  # noqa: E402
from tracker.domain.anchoring import selectors_for  # noqa: E402
from tracker.service import Tracker  # noqa: E402
from tracker.store.schema import EvidenceRow, RetractionRow, SourceRow, StatusRow  # noqa: E402

PER_SOURCE = 50


def build(url: str, evidence: int, status: int, retractions: int) -> None:
    rng = random.Random(2020)
    tracker = Tracker(url, "bench")
    tracker.upgrade()
    tracker.load_catalogue(ROOT / "obligations.yaml")
    obligations = [o.id for o in tracker.catalogue().obligations]
    now = dt.datetime(2020, 6, 1, 12, 0)
    source_rows, evidence_rows, retraction_rows, status_rows = [], [], [], []
    texts: dict[int, str] = {}
    for sid in range(1, evidence // PER_SOURCE + 2):
        text = "\n".join(
            f"Paragraph {sid}-{i}: monitors reported event {i} of dispatch {sid} near district {rng.randint(1, 34)}."
            for i in range(PER_SOURCE)
        )
        texts[sid] = text
        source_rows.append(dict(
            id=sid, sha256=hashlib.sha256(text.encode()).hexdigest(), title=f"Dispatch {sid}", outlet="Bench",
            author=None, url=None, published_on=dt.date(2020, 6, 1), retrieved_at=now, filename=None, text=text,
            chrome=[], added_by="bench",
        ))
    sha = {row["id"]: row["sha256"] for row in source_rows}
    prev = ledger.GENESIS
    for eid in range(1, evidence + 1):
        sid, i = (eid - 1) // PER_SOURCE + 1, (eid - 1) % PER_SOURCE
        text = texts[sid]
        start = text.index(f"monitors reported event {i} of dispatch {sid} ")
        quote, position = selectors_for(text, start, start + len(f"monitors reported event {i} of dispatch {sid}"))
        row = dict(
            id=eid, obligation_id=obligations[eid % len(obligations)], source_id=sid, exact=quote.exact,
            prefix=quote.prefix, suffix=quote.suffix, start=position.start, end=position.end,
            stance=rng.choice(["supports-compliance", "indicates-breach", "context"]), claimant=f"claimant {eid % 97}",
            observed_on=dt.date(2020, 5, 1), value=None, note=None, author="bench",
            created_at=now + dt.timedelta(seconds=eid),
        )
        fields = ledger.EVIDENCE_CHAIN.hashed(row, source_sha256=sha[sid])
        row["prev_hash"], row["hash"] = prev, ledger.record_hash(prev, fields)
        prev = row["hash"]
        evidence_rows.append(row)
    prev = ledger.GENESIS
    for rid, eid in enumerate(sorted(rng.sample(range(1, evidence + 1), retractions)), start=1):
        row = dict(id=rid, evidence_id=eid, reason="bench", author="bench", retracted_at=now + dt.timedelta(days=1))
        fields = ledger.RETRACTION_CHAIN.hashed(row, evidence_hash=evidence_rows[eid - 1]["hash"])
        row["prev_hash"], row["hash"] = prev, ledger.record_hash(prev, fields)
        prev = row["hash"]
        retraction_rows.append(row)
    chains: dict[str, tuple[int, str]] = {}
    for n in range(1, status + 1):
        obligation = obligations[n % len(obligations)]
        seq, prev = chains.get(obligation, (0, ledger.GENESIS))
        row = dict(
            obligation_id=obligation, seq=seq + 1, status="pending", confidence="medium",
            effective_on=dt.date(2020, 3, 1) + dt.timedelta(days=n % 1500), recorded_at=now + dt.timedelta(seconds=n),
            rationale=f"bench entry {n}", evidence_ids=[], author="bench", assessor="analyst", reason_code=None,
        )
        fields = ledger.STATUS_CHAIN.hashed(row)
        row["prev_hash"], row["hash"] = prev, ledger.record_hash(prev, fields)
        chains[obligation] = (seq + 1, row["hash"])
        status_rows.append(row)
    with Session(tracker.store.engine) as session, session.begin():
        for model, rows in ((SourceRow, source_rows), (EvidenceRow, evidence_rows),
                            (RetractionRow, retraction_rows), (StatusRow, status_rows)):
            for chunk in range(0, len(rows), 2000):
                session.execute(insert(model), rows[chunk:chunk + 2000])
    tracker.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--evidence", type=int, default=20_000)
    parser.add_argument("--status", type=int, default=5_000)
    parser.add_argument("--retractions", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.db"
        started = time.perf_counter()
        build(url, args.evidence, args.status, args.retractions)
        print(f"built {args.evidence:,} evidence, {args.status:,} status entries, {args.retractions} retractions "
              f"in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})")
        tracker = Tracker(url)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            result = tracker.verify()
            best = min(best, time.perf_counter() - started)
            assert result.ok, result.problems[:3]
        tracker.close()
        print(f"Tracker.verify()                        {best * 1000:9.1f} ms (best of 3)")
        print(f"  per evidence item + anchor            {best / args.evidence * 1e6:9.1f} us")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "tracker", "--db", url, "verify"], capture_output=True, text=True,
                              cwd=ROOT, stdin=subprocess.DEVNULL, check=False)
        elapsed = time.perf_counter() - started
        assert done.returncode == 0, done.stderr
        print(f"tracker verify (CLI, incl. start-up)    {elapsed * 1000:9.1f} ms: {done.stderr.strip()}")


if __name__ == "__main__":
    main()
