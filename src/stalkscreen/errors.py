"""The one error type a user sees: a message naming the place and the problem, and a hint."""


class StalkscreenError(Exception):
    """A problem the user can fix (a bad file, value or store); shown without a traceback."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message
