"""The cyclic garbage collector is paused only for the duration of a read, an audit or a JSON
report (auditor/gcpause.py): a library user's process gets it back as it was, error or not."""
import gc

import pytest

from auditor.gcpause import paused_gc
from auditor.reader import read_text
from auditor.types import InputError


def test_collector_is_off_inside_and_back_on_after():
    seen = []

    @paused_gc
    def work():
        seen.append(gc.isenabled())
        return 7

    assert gc.isenabled()
    assert work() == 7
    assert seen == [False]
    assert gc.isenabled()


def test_collector_comes_back_after_an_input_error():
    assert gc.isenabled()
    with pytest.raises(InputError):
        read_text("   \n\n  ", path="blank.txt", fmt="txt")
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off():
    gc.disable()
    try:
        doc = read_text("Le président est arrivé hier soir.\n", path="a.txt", fmt="txt")
        assert doc.paragraphs and not gc.isenabled()
    finally:
        gc.enable()
