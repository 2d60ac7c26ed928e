import json

import pytest

from auditor.reader import read_file, read_text
from auditor.segment import segment_document
from auditor.types import InputError


def _check_offsets(doc):
    for p in doc.paragraphs:
        assert len(p.offsets) == len(p.text)
        for ch, off in zip(p.text, p.offsets):
            assert 0 <= off < len(doc.raw)


def test_txt_one_paragraph_per_line_keeps_offsets(seed):
    doc = read_file(str(seed["translation"]))
    assert doc.format == "txt"
    assert len(doc.paragraphs) == 11
    raw = doc.raw
    for p in doc.paragraphs:
        assert raw[p.start:p.end] == p.text
    # line:column of "irréfiable" on line 5
    off = raw.index("irréfiable")
    line, col = doc.line_col(off)
    assert line == 5 and raw.splitlines()[4][col - 1:].startswith("irréfiable")


def test_txt_blank_line_paragraphs_and_crlf():
    text = "Baris satu\r\nmasih paragraf satu.\r\n\r\nParagraf dua.\r\nLanjutan.\r\n"
    doc = read_text(text, "a.txt")
    assert [p.text for p in doc.paragraphs] == ["Baris satu masih paragraf satu.", "Paragraf dua. Lanjutan."]
    p2 = doc.paragraphs[1]
    assert doc.line_col(p2.start) == (4, 1)
    i = p2.text.index("Lanjutan")
    assert doc.line_col(p2.offsets[i]) == (5, 1)


def test_markdown_strips_marks_and_keeps_offsets():
    text = "# Judul berita\n\nKata **Joko** dalam [laporan](http://x.id) itu.\n\n- butir satu\n"
    doc = read_text(text, "a.md")
    assert [p.text for p in doc.paragraphs] == ["Judul berita", "Kata Joko dalam laporan itu.", "butir satu"]
    _check_offsets(doc)
    p = doc.paragraphs[1]
    i = p.text.index("Joko")
    assert text[p.offsets[i]:p.offsets[i] + 4] == "Joko"


def test_html_takes_article_text_not_scripts_or_navigation():
    text = ("<html><head><title>t</title><script>var x='<p>no</p>';</script></head><body>"
            "<nav><p>Menu Home</p></nav><article><h1>Titre</h1>\n<p>Le pr&eacute;sident &amp; "
            "le   ministre.</p><p>Deuxième&nbsp;phrase.</p></article><footer>© VOI</footer></body></html>")
    doc = read_text(text, "a.html")
    assert [p.text for p in doc.paragraphs] == ["Titre", "Le président & le ministre.", "Deuxième\xa0phrase."]
    p = doc.paragraphs[1]
    i = p.text.index("é")
    assert text[p.offsets[i]:].startswith("&eacute;")
    j = p.text.index("ministre")
    assert text[p.offsets[j]:].startswith("ministre")


def test_json_text_and_paragraphs_with_escapes():
    text = json.dumps({"paragraphs": ["Premier \u00e9t\u00e9.", "Second \"cité\"."]}, ensure_ascii=True)
    doc = read_text(text, "a.json")
    assert [p.text for p in doc.paragraphs] == ["Premier été.", 'Second "cité".']
    p = doc.paragraphs[0]
    assert text[p.offsets[p.text.index("été")]:].startswith("\\u00e9")
    doc2 = read_text('{"text": "Un.\\nDeux."}', "b.json")
    assert [p.text for p in doc2.paragraphs] == ["Un.", "Deux."]


@pytest.mark.parametrize("content,msg", [
    ('["a"]', "wrong JSON shape"),
    ('{"title": "x"}', "wrong JSON shape"),
    ('{"text": ', "invalid JSON"),
])
def test_json_wrong_shape_is_an_input_error(content, msg):
    with pytest.raises(InputError, match=msg):
        read_text(content, "x.json")


def test_bad_files_give_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_file(str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match="is a folder"):
        read_file(str(tmp_path))
    (tmp_path / "empty.txt").write_text("  \n\n ")
    with pytest.raises(InputError, match="no text"):
        read_file(str(tmp_path / "empty.txt"))
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(InputError, match="binary"):
        read_file(str(tmp_path / "bin.txt"))
    (tmp_path / "latin.txt").write_bytes("Le président.".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_file(str(tmp_path / "latin.txt"))
    assert read_file(str(tmp_path / "latin.txt"), encoding="latin-1").paragraphs[0].text == "Le président."


def test_utf16_with_bom_and_utf8_bom(tmp_path):
    (tmp_path / "u16.txt").write_bytes("Bonjour.\nDeux.".encode("utf-16"))
    assert [p.text for p in read_file(str(tmp_path / "u16.txt")).paragraphs] == ["Bonjour.", "Deux."]
    (tmp_path / "u8.txt").write_bytes(b"\xef\xbb\xbfBonjour.")
    doc = read_file(str(tmp_path / "u8.txt"))
    assert doc.paragraphs[0].start == 0 and doc.raw == "Bonjour."


def test_sentences_map_back_to_file(seed):
    doc = segment_document(read_file(str(seed["translation"])), "fr")
    for s in doc.sentences:
        assert doc.raw[s.start:s.end] == s.text
