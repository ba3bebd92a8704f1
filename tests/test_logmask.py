"""Logs never carry a full phone number or e-mail address."""
from __future__ import annotations

import logging

import pytest

from dispatch import logmask
from dispatch.logmask import PhoneMaskFilter, install_log_masking, mask_text


@pytest.fixture
def masking(monkeypatch):
    """Install the masking for one test, then put the record factory back."""
    monkeypatch.setattr(logmask, "_installed", False)
    previous = logging.getLogRecordFactory()
    install_log_masking()
    install_log_masking()  # twice is harmless
    yield
    logging.setLogRecordFactory(previous)


@pytest.mark.parametrize("raw, shown", [
    ("+33612345678", "+33 6 •• •• •• 78"),
    ("+33 6 12 34 56 78", "+33 6 •• •• •• 78"),
    ("06 12 34 56 78", "+33 6 •• •• •• 78"),
    ("0612345678", "+33 6 •• •• •• 78"),
    ("06.12.34.56.78", "+33 6 •• •• •• 78"),
    ("+447700900123", "+44 •• 23"),
    ("paul.martin@example.com", "p•••@example.com"),
])
def test_it_masks_numbers_and_emails_in_any_spelling(raw, shown):
    assert mask_text(f"from {raw}: hello") == f"from {shown}: hello"


@pytest.mark.parametrize("text", [
    "sms in SMconsole0612345678abcdef from +33 6 •• •• •• 78",
    "tick at 2026-11-24T10:15:00+01:00 sent 12 of 200",
    "request 1234567 offered",
])
def test_it_leaves_sids_times_and_counts_alone(text):
    assert mask_text(text) == text


def test_every_logger_is_masked_once_installed(masking, caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("dispatch.inbound").info("sms in %s from %s", "SM1", "+33612345678")
        logging.getLogger("werkzeug").info('"GET /api/messages?to=+33612345678 HTTP/1.1" 200')
    assert "+33612345678" not in caplog.text
    assert caplog.text.count("+33 6 •• •• •• 78") == 2


def test_tracebacks_are_masked_too(masking, caplog):
    with caplog.at_level(logging.ERROR):
        try:
            raise ValueError("[parameters: ('+33612345678', 'paul.martin@example.com')]")
        except ValueError:
            logging.getLogger("sqlalchemy").exception("insert failed")
    assert "+33612345678" not in caplog.text and "paul.martin" not in caplog.text
    assert "+33 6 •• •• •• 78" in caplog.text


def test_the_filter_masks_the_records_of_one_handler():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "call %s now", ("06 12 34 56 78",),
                               None)
    assert PhoneMaskFilter().filter(record) is True
    assert record.getMessage() == "call +33 6 •• •• •• 78 now"
