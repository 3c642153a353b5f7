"""The national synthesis as a spreadsheet (openpyxl): first sheet « Synthèse », one row per académie."""

import io

from sps.syntheses.synthesis import COLUMNS, SynthesisRow

# « 1re », « 2e »… while the cell stays the number 1, 2…
ORDINAL_FORMAT = '[=1]0"re";0"e"'
WIDTHS = (20, 9, 40, 10, 15, 15, 10, 10, 20, 15)


def synthesis_xlsx(rows: list[SynthesisRow], *, title: str = "") -> bytes:
    """Numbers as numbers, « N.C. » as text where not reported, Oui/Non for the four levels. A figure
    reported in words (« Une trentaine d'établissements ») keeps its number in the cell and its
    wording in the cell's comment."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Synthèse"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ordinal = row.ordinal if row.ordinal is not None else "N.C."
        sheet.append(
            [
                row.academy.name,
                ordinal,
                row.dates,
                row.actions.cell,
                row.schools.cell,
                *row.level_cells,
                row.source_label,
            ]
        )
        cells = sheet[sheet.max_row]
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
        if row.ordinal is not None:
            cells[1].number_format = ORDINAL_FORMAT
        for cell, figure in ((cells[3], row.actions), (cells[4], row.schools)):
            if figure.note:
                cell.comment = Comment(f"Tel qu'écrit : {figure.note}", "Synthèse")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    if title:
        workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
