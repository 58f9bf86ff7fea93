"""E-petitions (Article 23-1 of the Law «Про звернення громадян»): plain values in and out;
nothing here knows about a messenger.

- config: the `petitions` section of the community file, working-day arithmetic
- model: statuses, the petition as read, pages, signatures, errors and limits
- service: submit, moderate, sign once, withdraw, close at the deadline, the council's answer
- drafts: a petition being written, kept apart from the conversation state
- demo: sample petitions in every state for the demo community

Submodules are imported by name (this file imports none of them): the community file model
imports `storage.petitions.config`, and the service reads the community."""
