"""The choice of the reverse model (source -> translation language) for forced decoding, one rule
for `auditor audit` and `auditor feed` (auditor.evidence.models.reverse_model_name)."""
from auditor.evidence.models import FORWARD, reverse_model_name


def test_the_model_the_user_names_wins_over_configuration_and_table():
    assert reverse_model_name("id", "fr", "my/model", {"id-fr": "conf/model"}) == "my/model"


def test_the_configuration_names_the_model_when_the_user_does_not():
    assert reverse_model_name("id", "fr", None, {"id-fr": "conf/model", "id-en": "other"}) == "conf/model"


def test_the_table_default_only_where_a_back_translation_model_runs():
    assert reverse_model_name("id", "fr") == FORWARD["id-fr"][0]
    # a supplied back-translation, or no back-translation model: only a model someone named
    assert reverse_model_name("id", "fr", default=False) is None
    assert reverse_model_name("id", "fr", None, {"id-fr": "conf/model"}, default=False) == "conf/model"


def test_no_default_for_a_direction_the_table_lacks():
    assert reverse_model_name("id", "ja") is None
