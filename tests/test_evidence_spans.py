"""From back-translation and forced decoding to suspect spans (AUD721, AUD722, AUD731).

The logic that turns a known back-translation into spans is tested with back-translations
injected through the evidence interface (`InjectedBackTranslation`, a test double: the product
never does this). The model code (forced decoding, cross-attention projection, caching) runs for
real on the tiny random-weight Marian model; its outputs are garbage, so those tests check plumbing.
"""
import json


from conftest import FIXTURES, SEED
from auditor.evidence.cache import Cache
from auditor.evidence.forced import AttentionProjector, LogProbScorer
from auditor.evidence.mt import DecodeParams, HFTranslator, BackTranslationChain
from auditor.pipeline import AuditOptions, audit_files, audit_texts
from auditor.report.json_report import to_dict

CODES = ["AUD721", "AUD722", "AUD731"]


class InjectedBackTranslation:
    """TEST DOUBLE: returns given back-translations (by translation sentence), else the text unchanged."""
    name = "injected back-translation (test double)"

    def __init__(self, table):
        self.table = table

    def back_translate(self, texts):
        return [self.table.get(t, t) for t in texts]

    def signature(self):
        return {"test_double": True}


class InjectedLogProbs:
    """TEST DOUBLE for the reverse-model scorer: every word -0.4, the given words very improbable."""

    def __init__(self, bad):
        self.bad = bad

    def score(self, sources, targets):
        import re
        out = []
        for t in targets:
            out.append([{"token": m.group(), "start": m.start(), "end": m.end(),
                         "logprob": -12.0 if m.group() in self.bad else -0.4}
                        for m in re.finditer(r"\w+|[^\w\s]", t)])
        return out


def lines(path):
    return [l for l in path.read_text("utf-8").splitlines() if l.strip()]


def seed_double(**changes):
    """Back-translation = the aligned source line (a perfect one), with changes per line number."""
    src, tgt = lines(SEED / "source.id.txt"), lines(SEED / "translation.fr.txt")
    table = {t: s for t, s in zip(tgt, src)}
    for n, bt in changes.items():
        table[tgt[int(n[1:]) - 1]] = bt
    return InjectedBackTranslation(table)


def test_seed_line7_one_lost_common_word_is_evidence_placed_on_de_gagner_donald_trump():
    """Back-translation models drop and swap single common words all the time: one lost word
    ('memenangkan') is kept as evidence in the segment's bt_diff, placed where it belongs, and not
    reported (auditor/checks/_btgrade.py)."""
    src7 = lines(SEED / "source.id.txt")[6]
    bt7 = src7.replace("dan memenangkan Donald Trump", "dan Donald Trump")
    r = audit_files(str(SEED / "source.id.txt"), str(SEED / "translation.fr.txt"),
                    AuditOptions(select=CODES, embed=False), back_translator=seed_double(l7=bt7))
    assert r.findings == []
    seg = next(s for s in to_dict(r)["segments"] if s["side"] == "translation" and s["line"] == 7)
    item = seg["bt_diff"][0]
    assert item["source_words"] == "memenangkan" and item["signal"] == "content"
    assert item["projection"] == "lexical"
    gold = seg["text"].index("de gagner Donald Trump")
    assert item["start"] < gold + len("de gagner Donald Trump") and gold < item["end"], \
        seg["text"][item["start"]:item["end"]]


SRC = "Presiden Joko Widodo meresmikan Bendungan Sadawarna di Subang, Jawa Barat, Kamis."


def test_lost_place_name_is_an_omission_at_the_end():
    tgt = "Le président Joko Widodo a inauguré jeudi le barrage de Sadawarna à Subang."
    bt = "Presiden Joko Widodo meresmikan bendungan Sadawarna di Subang pada hari Kamis."
    r = audit_texts(SRC, tgt, tgt_lang="fr", select=CODES, embed=False,
                    back_translator=InjectedBackTranslation({tgt: bt}))
    assert [(f.code, f.category, f.severity) for f in r.findings] == [("AUD721", "omission", "major")]
    f = r.findings[0]
    # the words right before the gap, as an editor marks an omission
    assert f.span.end == len("Le président Joko Widodo a inauguré jeudi le barrage de Sadawarna à Subang")
    assert 0 < f.span.end - f.span.start <= 30
    assert "Jawa Barat" in f.message


def test_added_content_is_flagged_on_the_words_that_produced_it():
    tgt = "Le président Joko Widodo et son épouse Iriana ont inauguré jeudi le barrage de Sadawarna à Subang, dans l’ouest de Java."
    bt = "Presiden Joko Widodo dan istrinya Iriana meresmikan bendungan Sadawarna di Subang, Jawa Barat, Kamis."
    r = audit_texts(SRC, tgt, tgt_lang="fr", select=CODES, embed=False,
                    back_translator=InjectedBackTranslation({tgt: bt}))
    assert [(f.code, f.category) for f in r.findings] == [("AUD722", "addition")]
    flagged = r.translation.raw[r.findings[0].span.start:r.findings[0].span.end]
    assert "Iriana" in flagged and "Sadawarna" not in flagged
    assert "istrinya Iriana" in r.findings[0].message


def test_paraphrasing_back_translation_raises_nothing_on_clean_articles():
    for name, lang, bts in [
        ("evidence-clean-fr", "fr", {
            1: "JAKARTA - Badan Meteorologi, Klimatologi dan Geofisika (BMKG) memperingatkan kemungkinan hujan deras di kawasan Jabodetabek sampai Jumat 12 Januari 2024.",
            3: "\"Kami meminta masyarakat untuk tetap waspada terhadap risiko banjir dan tanah longsor, khususnya di daerah aliran sungai,\" ujar Dwikorita dalam jumpa pers di Jakarta, Rabu.",
            5: "Sebagian besar daerah yang terkena dampak terletak di Jakarta Timur dan Selatan, khususnya sekitar Sungai Ciliwung."}),
        ("evidence-clean-en", "en", {
            2: "\"Keputusan ini sejalan dengan upaya menjaga kestabilan nilai tukar rupiah terhadap dampak ketidakpastian pasar keuangan global,\" kata Gubernur BI Perry Warjiyo di Jakarta pada hari Rabu.",
            4: "Nilai tukar rupiah menguat 0,36 persen pada tanggal 20 Februari 2024 dibandingkan dengan akhir Januari 2024."}),
        ("voi-russia-us", "fr", {}),
    ]:
        src, tgt = lines(FIXTURES / name / "source.id.txt"), lines(FIXTURES / name / f"translation.{lang}.txt")
        table = {t: s for t, s in zip(tgt, src)}
        table.update({tgt[k - 1]: bt for k, bt in bts.items()})
        r = audit_files(str(FIXTURES / name / "source.id.txt"), str(FIXTURES / name / f"translation.{lang}.txt"),
                        AuditOptions(select=CODES, embed=False), back_translator=InjectedBackTranslation(table))
        assert r.findings == [], (name, [(f.code, f.message) for f in r.findings])


def test_improbable_token_run_is_flagged_on_its_words():
    r = audit_files(str(SEED / "source.id.txt"), str(SEED / "translation.fr.txt"),
                    AuditOptions(select=CODES, embed=False, logprob_scorer=InjectedLogProbs({"irréfiable"})))
    assert [(f.code, r.translation.raw[f.span.start:f.span.end]) for f in r.findings] == [("AUD731", "irréfiable")]
    seg = next(s for s in to_dict(r)["segments"] if s["side"] == "translation" and s["line"] == 5)
    assert seg["logprob"]["translation_given_source"]["min"] == -12.0


# ------------------------------------------------------------------ the real model code, tiny model

SMALL_SRC = ("Presiden Joko Widodo meresmikan 12 bendungan di Jawa Barat pada 2023.\n"
             "Menteri Keuangan Sri Mulyani Indrawati mengumumkan defisit 2,29 persen.\n")
SMALL_TGT = ("Le président Joko Widodo a inauguré 12 barrages dans l’ouest de Java en 2023.\n"
             "La ministre des Finances Sri Mulyani Indrawati a annoncé un déficit de 2,29 %.\n")


def test_attention_projection_and_logprobs_run_on_the_model_and_are_cached(tiny_model, tmp_path):
    tr = HFTranslator(str(tiny_model), "fr", "id", DecodeParams(beam_size=1, max_length=32))
    impl = tr.model.config._attn_implementation
    proj = AttentionProjector(tr, Cache(tmp_path))
    trans = ["Le président Joe Biden a commenté le rapport.", "Bonjour."]
    bts = ["Presiden Joe Biden mengomentari laporan itu.", "Halo."]
    first = proj.project(trans, bts)
    assert proj.stats == {"pairs": 2, "cached": 0, "computed": 2}
    # one translation-word index per back-translation word, inside the translation
    assert [len(m) for m in first] == [6, 1]
    assert all(0 <= j < 8 for j in first[0]) and first[1] == [0]
    again = AttentionProjector(tr, Cache(tmp_path))
    assert again.project(trans, bts) == first and again.stats["cached"] == 2
    # the model's attention implementation is left as it was
    assert tr.model.config._attn_implementation == impl
    lp = LogProbScorer(tr, Cache(tmp_path)).score(["Bonjour."], ["Halo."])[0]
    assert lp[-1]["token"] == "</s>" and all(t["logprob"] <= 0 for t in lp)
    assert [(t["start"], t["end"]) for t in lp if t["start"] is not None][0][0] == 0


def test_audit_with_the_model_carries_bt_diff_and_logprob_fields(tiny_model, tmp_path):
    tr = HFTranslator(str(tiny_model), "fr", "id", DecodeParams(beam_size=1, max_length=32))
    back = BackTranslationChain([tr], "fr-id", Cache(tmp_path))
    r = audit_texts(SMALL_SRC, SMALL_TGT, tgt_lang="fr", embed=False, back_translator=back,
                    reverse_model=str(tiny_model), cache=Cache(tmp_path))
    assert [p.kind for p in r.alignment] == ["aligned", "aligned"]
    assert r.errors == [] and not any(c in n for n in r.notices for c in ("AUD72", "AUD73", "unavailable"))
    segs = [s for s in json.loads(json.dumps(to_dict(r)))["segments"] if s["side"] == "translation"]
    assert len(segs) == 2
    for s in segs:
        assert isinstance(s["bt_diff"], list)
        assert all(d["projection"] == "attention" for d in s["bt_diff"])
        lp = s["logprob"]
        assert lp["translation_given_source"]["mean"] < 0 and lp["source_given_translation"]["mean"] < 0
        assert lp["translation_given_source"]["tokens"] == len(lp["translation_given_source"]["tokens_detail"])
    assert "AUD731" in r.signature["checks"] and "AUD721" in r.signature["checks"]
    lp_sig = r.signature["logprob"]       # which models the log-probabilities come from
    assert lp_sig["translation_given_source"]["direction"] == "id-fr"
    assert lp_sig["source_given_translation"]["direction"] == "fr-id"
    assert lp_sig["translation_given_source"]["model"] == str(tiny_model)


def test_a_pair_too_long_for_forced_decoding_is_reported_and_not_scored_as_improbable(tiny_model, tmp_path):
    """The reverse model reads at most its max_length tokens of the source: the translation's
    tail would then be scored against nothing and look improbable. AUD005 says the scores are
    partial, and AUD731 leaves the sentence alone."""
    back = BackTranslationChain([HFTranslator(str(tiny_model), "fr", "id", DecodeParams(beam_size=1, max_length=128))],
                                "fr-id", Cache(tmp_path))
    reverse = LogProbScorer(HFTranslator(str(tiny_model), "id", "fr", DecodeParams(beam_size=1, max_length=12)),
                            Cache(tmp_path))
    r = audit_texts(SMALL_SRC, SMALL_TGT, tgt_lang="fr", embed=False, back_translator=back,
                    logprob_scorer=reverse, cache=Cache(tmp_path), select=["AUD005", "AUD731"])
    segs = [s for s in to_dict(r)["segments"] if s["side"] == "translation"]
    cuts = [s["logprob"]["translation_given_source"].get("truncated") for s in segs]
    assert all(c and c["limit"] == 12 and c["input_tokens"] > 12 for c in cuts)
    found = [(f.code, f.evidence.get("scoring")) for f in r.findings]
    assert found == [("AUD005", "translation_given_source")] * 2
    assert all("forced decoding" in f.message and "first 12 of" in f.message for f in r.findings)
    # a limit that fits: no truncation evidence, no AUD005
    roomy = LogProbScorer(HFTranslator(str(tiny_model), "id", "fr", DecodeParams(beam_size=1, max_length=128)),
                          Cache(tmp_path))
    r2 = audit_texts(SMALL_SRC, SMALL_TGT, tgt_lang="fr", embed=False, back_translator=back,
                     logprob_scorer=roomy, cache=Cache(tmp_path), select=["AUD005"])
    assert r2.findings == []
    assert not any(s["logprob"]["translation_given_source"].get("truncated")
                   for s in to_dict(r2)["segments"] if s["side"] == "translation")
