"""The one spaCy pipeline: docs parsed in batches keep their text and order."""

from __future__ import annotations

from extractors.nlp import doc_text, parse_texts


def test_parsed_docs_come_back_in_order_with_their_exact_text():
    texts = ["The Met said 374 cases.\n\nIt  was  wrong.", "", "  Leading spaces and £400m. "]
    docs = list(parse_texts(iter(texts), batch_size=2))
    assert [doc.text for doc in docs] == texts
    assert [doc_text(doc) for doc in docs] == texts
