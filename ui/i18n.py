"""Resident-facing texts: Fluent files in locales/<lang>/*.ftl, dates in the community's zone."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from fluent.runtime import FluentBundle

from ui.ftl_cache import parse_ftl
from ui.languages import SUPPORTED_LANGUAGES

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
KYIV = ZoneInfo("Europe/Kyiv")

# Fluent gives up on a placeable over 2,500 characters and the whole text becomes «{???}»;
# a longer value (a pasted essay, a long list) is clipped to this first.
PLACEABLE_LIMIT = 2000
_FALLBACK_LIMIT = 200
_FAILED = "{???}"
_FORMATTED_LIMIT = 4096
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)(?:\s[^<>]*)?>")


def clip_html(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, ending in «…» when cut: never inside an HTML tag
    or entity, and every tag the cut leaves open is closed again."""
    if len(text) <= limit:
        return text
    keep = limit - 1
    while True:
        cut = text[: max(keep, 0)]
        if cut.rfind("<") > cut.rfind(">"):
            cut = cut[: cut.rfind("<")]
        amp = cut.rfind("&")
        if amp != -1 and ";" not in cut[amp:]:
            cut = cut[:amp]
        clipped = cut + "…" + _closing_tags(cut)
        if len(clipped) <= limit or keep <= 0:
            return clipped
        keep -= len(clipped) - limit


def _closing_tags(html: str) -> str:
    still_open: list[str] = []
    for match in _TAG.finditer(html):
        name = match.group(2).lower()
        if match.group(1) != "/":
            still_open.append(name)
        elif still_open and still_open[-1] == name:
            still_open.pop()
    return "".join(f"</{name}>" for name in reversed(still_open))


def _clipped(args: Mapping[str, Any], limit: int) -> dict[str, Any]:
    return {k: clip_html(v, limit) if isinstance(v, str) else v for k, v in args.items()}


class Translator:
    """Texts of one language. Calling it formats a message: `t("menu-title", count=3)`."""

    def __init__(self, language: str, bundle: FluentBundle, zone: ZoneInfo) -> None:
        self.language = language
        self._bundle = bundle
        self.zone = zone
        # Formatting is a pure function of the key and the values: the texts every screen
        # shows (titles, buttons, a count) are formatted once, not on every update.
        self._formatted: dict[tuple[str, tuple[tuple[str, type, Any], ...]], str] = {}

    def __call__(self, key: str, **args: Any) -> str:
        # The type too: 1, 1.0 and True are equal keys but may not read the same.
        memo = (key, tuple((name, type(value), value) for name, value in args.items()))
        try:
            return self._formatted[memo]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key (a list): formatted every time
            return self._format(key, args)
        text = self._format(key, args)
        if len(self._formatted) >= _FORMATTED_LIMIT:
            self._formatted.clear()
        self._formatted[memo] = text
        return text

    def _format(self, key: str, args: dict[str, Any]) -> str:
        if not self._bundle.has_message(key):
            log.error("Missing text %r in locale %s", key, self.language)
            return key
        message = self._bundle.get_message(key)
        if message.value is None:
            log.error("Text %r in %s has no value", key, self.language)
            return key
        text, errors = self._bundle.format_pattern(message.value, _clipped(args, PLACEABLE_LIMIT))
        for error in errors:
            log.error("Text %r in %s: %s", key, self.language, error)
        if _FAILED in str(text):  # never shown to anyone: shorter values, else none at all
            text, _ = self._bundle.format_pattern(message.value, _clipped(args, _FALLBACK_LIMIT))
        return str(text).replace(_FAILED, "…")

    def has(self, key: str) -> bool:
        return bool(self._bundle.has_message(key))

    def _local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.zone)

    def datetime(self, moment: dt.datetime) -> str:
        """«пн, 24 листопада, 09:30»"""
        return format_datetime(self._local(moment), "EEE, d MMMM, HH:mm", locale=self.language)

    def date(self, moment: dt.datetime) -> str:
        """«понеділок, 24 листопада»"""
        return format_date(self._local(moment), "EEEE, d MMMM", locale=self.language)

    def day_month(self, moment: dt.datetime) -> str:
        """«1 грудня» (the month in the genitive, as after «до» or «з»)"""
        return format_date(self._local(moment), "d MMMM", locale=self.language)

    def short_date(self, moment: dt.datetime) -> str:
        """«пн, 24.11»"""
        return format_date(self._local(moment), "EEE, dd.MM", locale=self.language)

    def time(self, moment: dt.datetime) -> str:
        return format_time(self._local(moment), "HH:mm", locale=self.language)

    def full_datetime(self, moment: dt.datetime) -> str:
        """«24.11.2026, 09:30»"""
        return self._local(moment).strftime("%d.%m.%Y, %H:%M")


class Texts:
    """All languages, loaded once from the .ftl files."""

    def __init__(
        self,
        default_language: str = "uk",
        zone: ZoneInfo = KYIV,
        directory: Path = LOCALES_DIR,
        languages: Iterable[str] = SUPPORTED_LANGUAGES,
    ) -> None:
        self.default_language = default_language
        self.languages = tuple(languages)
        self._translators = {
            lang: Translator(lang, _bundle(directory / lang, lang), zone) for lang in self.languages
        }
        self._variants: dict[str, frozenset[str]] = {}

    def get(self, language: str | None) -> Translator:
        return self._translators.get(language or "", self._translators[self.default_language])

    def all_variants(self, key: str) -> frozenset[str]:
        """A text in every language: to recognise a reply-keyboard button whatever its language."""
        if key not in self._variants:
            self._variants[key] = frozenset(t(key) for t in self._translators.values())
        return self._variants[key]

    def pick_language(self, chosen: str | None, telegram_code: str | None) -> str:
        """The resident's choice, else their Telegram language when we have it, else default."""
        if chosen in self._translators:
            return chosen
        base = (telegram_code or "").split("-")[0].lower()
        return base if base in self._translators else self.default_language


def _bundle(folder: Path, language: str) -> FluentBundle:
    bundle = FluentBundle([language], use_isolating=False)
    files = sorted(folder.glob("*.ftl"))
    if not files:
        raise FileNotFoundError(f"no .ftl files in {folder}")
    for file in files:
        bundle.add_resource(parse_ftl(file))
    return bundle
