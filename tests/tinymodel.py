"""Build a real Marian model with random weights, for tests and benchmarks.

A sentencepiece vocabulary is trained on the given texts, a MarianMTModel is
created from a config (random weights) and both are saved to a folder in the
layout of a hub opus-mt model, so that the product loads it through exactly the
code a user's model takes. Its translations are garbage: tests check plumbing.
"""
from __future__ import annotations

import io
import json
from pathlib import Path


def build_marian(folder: Path, texts: list[str], vocab_size: int = 200, d_model: int = 16,
                 layers: int = 1, heads: int = 2, ffn: int = 32, max_length: int = 64,
                 seed: int = 0) -> Path:
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model_buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(texts), model_writer=model_buf, vocab_size=vocab_size,
        model_type="unigram", character_coverage=1.0, hard_vocab_limit=False,
        bos_id=-1, eos_id=1, unk_id=2, pad_id=-1, num_threads=1, minloglevel=2,
    )
    (folder / "source.spm").write_bytes(model_buf.getvalue())
    (folder / "target.spm").write_bytes(model_buf.getvalue())
    sp = spm.SentencePieceProcessor(model_proto=model_buf.getvalue())
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    vocab = {"</s>": 0, "<unk>": 1}
    for p in pieces:
        if p not in vocab and p not in ("<s>", "<pad>"):
            vocab[p] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
    tok = MarianTokenizer(source_spm=str(folder / "source.spm"), target_spm=str(folder / "target.spm"),
                          vocab=str(folder / "vocab.json"), model_max_length=max_length)
    tok.save_pretrained(folder)
    torch.manual_seed(seed)
    cfg = MarianConfig(
        vocab_size=len(vocab), d_model=d_model, encoder_layers=layers, decoder_layers=layers,
        encoder_attention_heads=heads, decoder_attention_heads=heads, encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn, max_position_embeddings=max(max_length, 64), pad_token_id=vocab["<pad>"],
        eos_token_id=0, decoder_start_token_id=vocab["<pad>"], forced_eos_token_id=0,
        max_length=max_length, num_beams=1,
    )
    model = MarianMTModel(cfg)
    model.save_pretrained(folder)
    return folder


def fixture_texts(fixtures) -> list[str]:
    """The lines of the fixtures' source and translation files that a tiny model trains its
    vocabulary on: the Chinese, Japanese and Arabic translations are left out (thousands of
    distinct characters, more than a 200-piece vocabulary can cover)."""
    texts = []
    for p in sorted(fixtures.glob("*/*.txt")):
        if p.name.startswith("translation.") and p.name.split(".")[1] in ("zh", "ja", "ar"):
            continue
        texts.extend(l for l in p.read_text("utf-8").splitlines() if l.strip())
    return texts
