"""Fixtures for intake tests: small limits and short timeouts, so that the
size caps and timeouts are reached with small bodies and quickly."""

from __future__ import annotations

import pytest

from tracker.intake import IntakeLimits


@pytest.fixture
def limits() -> IntakeLimits:
    return IntakeLimits(max_source_bytes=200_000, max_pdf_bytes=400_000, timeout=1.0, total_timeout=10.0)
