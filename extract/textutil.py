"""Helpers on spaCy docs shared by the pipeline components."""

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc


def doc_text(doc: Doc) -> str:
    """The text of a doc. Doc.text joins every token each time, so it is computed once and kept."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def token_texts(doc: Doc) -> list[str]:
    """The text of every token, read once per doc (iterating a Doc builds a Token per step)."""
    words = doc.user_data.get("token_texts")
    if words is None:
        _read_tokens(doc)
        words = doc.user_data["token_texts"]
    return words


def token_starts(doc: Doc) -> list[int]:
    """The character offset of every token, read once per doc."""
    starts = doc.user_data.get("token_starts")
    if starts is None:
        _read_tokens(doc)
        starts = doc.user_data["token_starts"]
    return starts


def _read_tokens(doc: Doc) -> None:
    text = doc_text(doc)
    pairs = doc.to_array([IDX, LENGTH]).tolist() if len(doc) else []
    doc.user_data["token_texts"] = [text[i:i + n] for i, n in pairs]
    doc.user_data["token_starts"] = [i for i, _ in pairs]
