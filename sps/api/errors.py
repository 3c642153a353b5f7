class ParamError(Exception):
    """A parameter of the right type whose value cannot be used (a forged cursor): a 400 whose
    body names it, as the validation errors do."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param, self.message = param, message
