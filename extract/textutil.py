"""Helpers on spaCy docs shared by the pipeline components."""

from spacy.tokens import Doc


def doc_text(doc: Doc) -> str:
    """The text of a doc. Doc.text joins every token each time, so it is computed once and kept."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text
