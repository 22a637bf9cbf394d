"""`stalkscreen search` (being written)."""


def register(app) -> None:
    pass
