from sps.common.errors import DomainError


class PrizeError(DomainError):
    """A refused change to a prize's set-up or its jury (see DomainError)."""


class ScoreError(DomainError):
    """A refused jury score (not a juror, an action of the juror's school, a bad mark...)."""


class VoteError(DomainError):
    """A refused public vote (window closed, address already voted, too many requests...)."""
