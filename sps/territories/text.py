"""Territory codes."""


def normalize_department_code(raw: str) -> str:
    """'035' -> '35', '5' -> '05', '02A' -> '2A', '971' -> '971'."""
    code = (raw or "").strip().upper()
    if not code:
        return ""
    if code.isdigit():
        number = int(code)
        return f"{number:02d}" if number < 100 else str(number)
    code = code.lstrip("0")
    return code
