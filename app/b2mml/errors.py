"""The one error every B2MML import raises: it names the file, the line and the problem."""

from __future__ import annotations


class B2mmlError(ValueError):
    """A B2MML file that cannot be imported. Nothing of the file was applied."""

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        self.file = file
        self.line = line
        self.problem = problem
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {problem}")
