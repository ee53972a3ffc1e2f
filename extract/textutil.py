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
    return _tokens(doc)[0]


def token_starts(doc: Doc) -> list[int]:
    """The character offset of every token, read once per doc."""
    return _tokens(doc)[1]


def _tokens(doc: Doc) -> tuple[list[str], list[int]]:
    """(texts, offsets) of the tokens, kept in the doc's user data."""
    tokens = doc.user_data.get("tokens")
    if tokens is None:
        text = doc_text(doc)
        # two flat arrays: a two-column array's tolist() builds a list per token, twice the cost
        starts = doc.to_array(IDX).tolist() if len(doc) else []
        lengths = doc.to_array(LENGTH).tolist() if len(doc) else []
        tokens = doc.user_data["tokens"] = ([text[i:i + n] for i, n in zip(starts, lengths)], starts)
    return tokens
