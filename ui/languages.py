"""The interface languages the bot ships texts for (locales/<code>/)."""

SUPPORTED_LANGUAGES = ("uk", "en")
