"""`stalkscreen demo` (being written)."""


def register(app) -> None:
    pass
