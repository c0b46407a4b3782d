"""matching.heap: the collector thresholds bulk work runs under."""

from __future__ import annotations

import gc
import threading

import pytest

from matching.heap import _BULK_THRESHOLD, fewer_collections


def test_thresholds_raised_inside_and_restored_after_nesting_and_errors() -> None:
    before = gc.get_threshold()
    assert before != _BULK_THRESHOLD
    with fewer_collections():
        assert gc.get_threshold() == _BULK_THRESHOLD
        with fewer_collections():
            assert gc.get_threshold() == _BULK_THRESHOLD
        assert gc.get_threshold() == _BULK_THRESHOLD  # the outer one still runs
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("an import failed")
    assert gc.get_threshold() == before


def test_concurrent_users_leave_the_thresholds_as_they_found_them() -> None:
    before = gc.get_threshold()
    inside = threading.Barrier(4)

    def work() -> None:
        with fewer_collections():
            inside.wait(timeout=10)
            assert gc.get_threshold() == _BULK_THRESHOLD

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.get_threshold() == before


def test_an_import_runs_under_it(tmp_path) -> None:
    from matching.intake.importer import import_job_seekers
    from matching.storage.store import Store

    seen: list[tuple[int, int, int]] = []
    path = tmp_path / "people.csv"
    path.write_text("external_id,full_name\nF-1,Nino\n", encoding="utf-8")
    before = gc.get_threshold()

    class Spy(Store):
        def upsert_job_seekers(self, records, **kwargs):  # type: ignore[no-untyped-def]
            seen.append(gc.get_threshold())
            return super().upsert_job_seekers(records, **kwargs)

    with Spy("sqlite://") as store:
        assert import_job_seekers(path, store, normalizer=None).stored == 1
    assert seen == [_BULK_THRESHOLD]
    assert gc.get_threshold() == before
