"""Frequently asked questions: the `faq:` section of the community file, a search index that
understands how residents really type, and the record of misses and feedback.

Kept free of heavy imports: pymorphy3 loads only when the first question is analysed."""
