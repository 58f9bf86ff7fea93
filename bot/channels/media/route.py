"""The media route on the bot's aiohttp app: GET <MEDIA__PATH>/<key>/<expires>/<sig>.<ext>.

Only a link with a valid signature that has not expired gets the photo; anything else gets
404, the same answer whatever was wrong, so probing learns nothing."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.channels.media.photos import PhotoLinks
from storage.timeutil import Clock, utcnow

log = logging.getLogger(__name__)

PATTERN = "/{key:[0-9a-f]{32}}/{expires:[0-9]{1,12}}/{signature:[0-9a-f]{32}}.{ext:jpg|png|gif}"
MAX_AGE = 86_400


def add_media_route(app: web.Application, photos: PhotoLinks, clock: Clock = utcnow) -> None:
    async def serve(request: web.Request) -> web.Response:
        info = request.match_info
        valid = await photos.links.valid(info["key"], info["expires"], info["signature"], clock())
        found = await photos.content(info["key"]) if valid else None
        if found is None:
            return web.Response(status=404)
        data, mime = found
        headers = {
            "Cache-Control": f"private, max-age={MAX_AGE}",
            "X-Content-Type-Options": "nosniff",
        }
        return web.Response(body=data, content_type=mime, headers=headers)

    app.router.add_get(photos.links.path + PATTERN, serve)
