"""Words the candidate rules listen for. Lower case; matched as substrings, case-insensitively."""

from __future__ import annotations

# A customer saying thank you, in the few ways our customers write it.
THANKS = ("thank", "grateful", "appreciate", "cheers", "merci", "gracias", "danke")
# A public post that praises us, or one of us.
PRAISE = (
    "thank",
    "amazing",
    "best ",
    "love ",
    "incredible",
    "can't believe",
    "cannot believe",
    "above and beyond",
    "kudos",
    "shout-out",
    "shoutout",
    "brilliant",
    "fantastic",
    "legend",
    "hero",
)


def mentions_any(text: str, words: tuple[str, ...]) -> bool:
    lowered = text.lower().replace("’", "'")
    return any(word in lowered for word in words)


def human_duration(seconds: int) -> str:
    """'7 h 52 min', '45 min', '50 s': how a story says how long something took."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes = rest // 60
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min"
    return f"{seconds} s"
