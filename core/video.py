"""YouTube and Vimeo addresses: which video an address or a pasted player names.

The sanitizer (core/richtext.py) turns a pasted player into a plain link with this, and
blog's body step (blog/embeds.py) turns such a link into a two-click embed.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

PROVIDER_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo"}
# The only hosts a page may frame, and only once the reader asked for the video.
PLAYER_ORIGINS = {
    "youtube": "https://www.youtube-nocookie.com",
    "vimeo": "https://player.vimeo.com",
}

_YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"}
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_PATHS = re.compile(r"/(?:embed|shorts|live|v)/([^/]+)")
_VIMEO_PATH = re.compile(r"/(?:video/)?(\d{1,12})(?:/([0-9a-f]{6,20}))?/?")


@dataclass(frozen=True)
class Video:
    provider: str  # "youtube" or "vimeo"
    id: str
    key: str = ""  # the hash of an unlisted Vimeo video

    @property
    def url(self):
        """The video's own page: what readers without JavaScript (and mail) get."""
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.id}"
        return f"https://vimeo.com/{self.id}" + (f"/{self.key}" if self.key else "")

    @property
    def player_url(self):
        """The player, from the provider's address that sets no tracking cookies."""
        origin = PLAYER_ORIGINS[self.provider]
        if self.provider == "youtube":
            return f"{origin}/embed/{self.id}?autoplay=1"
        key = f"h={self.key}&" if self.key else ""
        return f"{origin}/video/{self.id}?{key}dnt=1&autoplay=1"


def parse(address):
    """The Video an address names, or None for anything else."""
    try:
        parts = urlsplit((address or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https", ""):
        return None
    host = (parts.hostname or "").removeprefix("www.")
    if host == "youtu.be":
        return _youtube(parts.path.strip("/"))
    if host in _YOUTUBE_HOSTS:
        if parts.path == "/watch":
            return _youtube(parse_qs(parts.query).get("v", [""])[0])
        found = _YOUTUBE_PATHS.fullmatch(parts.path.rstrip("/"))
        return _youtube(found.group(1)) if found else None
    if host in ("vimeo.com", "player.vimeo.com"):
        found = _VIMEO_PATH.fullmatch(parts.path)
        if found:
            key = found.group(2) or parse_qs(parts.query).get("h", [""])[0]
            return Video("vimeo", found.group(1), key if re.fullmatch(r"[0-9a-f]*", key) else "")
    return None


def _youtube(video_id):
    return Video("youtube", video_id) if _YOUTUBE_ID.fullmatch(video_id) else None
