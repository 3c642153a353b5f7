from sps.common.errors import DomainError


class SynthesisError(DomainError):
    """A refused change to a synthesis: putting an action forward, the evaluation grid."""
