"""The words an extraction may use, and what each becomes in the store: the kinds of file, their
canonical columns, and the allowed values of direction, channel, location source and place kind.
Kept as data so a new synonym is one line here, not a change to the checks."""

from __future__ import annotations

KINDS = ("contacts", "locations", "places")

# Canonical columns per kind: (required, optional).
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "contacts": (("timestamp", "direction", "party", "channel"), ("duration_s", "content", "device")),
    "locations": (("timestamp", "latitude", "longitude", "source"), ("accuracy_m", "device")),
    "places": (("place", "latitude", "longitude"), ("place_kind", "radius_m")),
}

# Words are looked up after lower-casing, trimming and turning runs of spaces and underscores into
# one space (`Phone_Call` -> `phone call`).
DIRECTIONS = {
    "in": "incoming", "incoming": "incoming", "received": "incoming", "inbound": "incoming",
    # A missed call is still the other party calling: refusing it would drop repeated-call evidence.
    "missed": "incoming",
    "out": "outgoing", "outgoing": "outgoing", "sent": "outgoing", "outbound": "outgoing",
}

CHANNELS = {
    "call": "call", "voice": "call", "phone call": "call", "voice call": "call", "phone": "call",
    "sms": "sms", "text": "sms", "text message": "sms",
    "mms": "mms",
    "whatsapp": "whatsapp",
    "imessage": "imessage",
    "telegram": "telegram",
    "signal": "signal",
    "messenger": "messenger", "facebook messenger": "messenger",
    "instagram": "instagram",
    "snapchat": "snapchat",
    "facebook": "facebook",
    "x": "x", "twitter": "x",
    "tiktok": "tiktok",
    "email": "email", "e-mail": "email",
    "other": "other",
}

LOCATION_SOURCES = {
    "gps": "gps", "gnss": "gps",
    "cell": "cell", "cell site": "cell", "cellsite": "cell",
    "wifi": "wifi", "wi-fi": "wifi",
}

PLACE_KINDS = {"home": "home", "work": "work", "school": "school", "other": "other"}

# field -> its words; the checks look a value up here and list the allowed values when it is absent.
WORDS = {"direction": DIRECTIONS, "channel": CHANNELS, "source": LOCATION_SOURCES, "place_kind": PLACE_KINDS}

PHONE_REGION = "GB"   # numbers written without a country code are read as UK numbers

# Ofcom's ranges reserved for drama (and synthetic data): not "valid" to libphonenumber, since no
# real line has them, but exactly what a synthetic extraction uses. E.164 prefix -> total length.
DRAMA_RANGES = {
    "+447700900": 13, "+441632960": 13, "+442079460": 13, "+441134960": 13, "+441144960": 13,
    "+441154960": 13, "+441164960": 13, "+441174960": 13, "+441184960": 13, "+441214960": 13,
    "+441314960": 13, "+441414960": 13, "+441514960": 13, "+441614960": 13, "+441914980": 13,
    "+442896496": 13, "+442920180": 13, "+448081570": 13, "+449098790": 13, "+443069990": 13,
}


def allowed(field: str) -> str:
    """The canonical values of a field, for a message."""
    return ", ".join(dict.fromkeys(WORDS[field].values()))


def columns(kind: str) -> tuple[str, ...]:
    required, optional = COLUMNS[kind]
    return required + optional
