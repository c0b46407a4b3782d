"""The server leaves its start-up heap, and each freshly fitted matcher, out of the
garbage collector's full passes (api.app.freeze_heap)."""

from __future__ import annotations

import gc

from api_support import auth
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import freeze_heap
from matching.service import Engine


def test_start_up_freezes_the_heap_and_each_fit_freezes_the_matcher(
    app: FastAPI, engine: Engine
) -> None:
    coordinator = auth("coordinator")
    gc.unfreeze()
    with TestClient(app) as client:
        assert gc.get_freeze_count() > 0  # the taxonomy and normaliser, after start-up
        assert freeze_heap in engine.after_fit
        gc.unfreeze()
        engine.invalidate()  # the next shortlist fits the matcher afresh
        vacancy = client.get("/vacancies", headers=coordinator).json()["items"][0]
        answer = client.get(f"/vacancies/{vacancy['external_id']}/matches", headers=coordinator)
        assert answer.status_code == 200
        assert gc.get_freeze_count() > 0  # frozen again by the fit
    assert freeze_heap not in engine.after_fit  # the engine is the caller's: left as given
    gc.unfreeze()
