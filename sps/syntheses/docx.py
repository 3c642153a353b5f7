"""The synthesis as a Word document (python-docx), with the word processor's own styles: Title,
Heading 1 (introduction, each académie, conclusion), Heading 2 (its parts), List Bullet, so that the
ministry can finish the document, restyle it and build a table of contents from it."""

import io

from django.conf import settings

from sps.syntheses.document import SynthesisDocument

BLUE = "000091"
TICKED, UNTICKED = "☒", "☐"


def _hyperlink(paragraph, url: str, text: str):
    """A real hyperlink run (python-docx has no public API for it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), BLUE)
    props.append(color)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _shade(cell, fill: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


OVERVIEW_COLUMNS = (
    "Académie",
    "Édition",
    "Actions",
    "Écoles et établissements",
    "Premier degré",
    "Collège",
    "Lycée",
    "Lycée professionnel",
    "Source",
)


def _figure_text(figure) -> str:
    if figure.value is None:
        return "non chiffré" if figure.wording_only else "N.C."
    return f"{figure.value} (env.)" if figure.approximate else str(figure.value)


def _overview(word, doc: SynthesisDocument):
    """One row per académie, as the first sheet of the XLSX."""
    from docx.shared import Pt

    heading = word.add_heading("Vue d'ensemble", level=1)
    heading.paragraph_format.page_break_before = True
    word.add_paragraph(
        "Une ligne par académie\u00a0: chiffres comptés à partir des actions publiées, ou déclarés par "
        "l'académie, ou non disponibles. «\u00a0N.C.\u00a0» signale un chiffre non communiqué, jamais zéro."
    )
    word.add_paragraph(f"Chiffres clés de l'édition {doc.campaign.school_year} par académie", style="Caption")
    table = word.add_table(rows=1, cols=len(OVERVIEW_COLUMNS))
    table.style = "Light List Accent 1"
    for cell, label in zip(table.rows[0].cells, OVERVIEW_COLUMNS, strict=True):
        cell.text = label
    for section in doc.sections:
        row = section.row
        ordinal = "N.C." if row.ordinal is None else (f"{row.ordinal}re" if row.ordinal == 1 else f"{row.ordinal}e")
        values = [
            section.academy.name,
            ordinal,
            _figure_text(row.actions),
            _figure_text(row.schools),
            *row.level_cells,
            row.source_label,
        ]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    totals = doc.totals
    word.add_paragraph(
        f"Total connu\u00a0: {totals['actions_text']} actions, {totals['schools_text']} écoles et établissements "
        f"({totals['note']})."
    )


def _table(word, header: list[str], rows: list[list[str]], caption: str):
    from docx.shared import Pt

    word.add_paragraph(caption, style="Caption")
    table = word.add_table(rows=1, cols=len(header))
    table.style = "Light List Accent 1"
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        cell.text = label
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)


def _grid(word, doc: SynthesisDocument):
    """The evaluation grid's results (templates/syntheses/_grid_results.html says the same)."""
    if not doc.grid_filled:
        word.add_paragraph(f"{doc.grid}.")
        return
    results = doc.grid_results
    year = doc.campaign.school_year
    if not doc.is_national:
        rows = [[line["axis"].label, line["score"], line["comment"] or "—"] for line in doc.grid_lines]
        _table(
            word,
            ["Axe", "Score", "Commentaire"],
            rows,
            f"Grille d'évaluation {year}\u00a0: score de l'académie par axe (1 à 4)",
        )
        for line in doc.grid_lines:
            if line["accompaniment"]:
                tutor = line["accompaniment"]
                word.add_paragraph(
                    f"{line['axis'].label}\u00a0: un tutorat par {tutor.tutor_phrase} "
                    f"({tutor.tutor_score_label}) pourrait accompagner l'académie."
                )
        return
    count = len(results.academies)
    word.add_paragraph(
        "Chaque académie s'est positionnée sur les critères de la grille (niveaux 1 à 4)\u00a0; le score d'un axe est "
        f"la moyenne de ses niveaux, «\u00a0N.C.\u00a0» quand elle ne s'est pas positionnée. {count} académie"
        f"{'s ont' if count > 1 else ' a'} rempli la grille."
    )
    for result in results.axes:
        item = word.add_paragraph(style="List Number")
        item.add_run(result.label).bold = True
        leaders = ", ".join(academy.name for academy in result.leaders)
        item.add_run(
            f"\u00a0: moyenne {result.mean_label}"
            + (f"\u00a0; les plus avancées\u00a0: {leaders}." if leaders else ".")
        )
    _table(
        word,
        ["Académie", *(f"Axe {index}" for index in range(1, len(results.axes) + 1))],
        [[academy.name, *labels] for academy, labels in results.table],
        f"Grille d'évaluation nationale {year}\u00a0: score de chaque académie par axe (1 à 4)",
    )
    word.add_heading("Accompagnement et tutorat entre académies", level=3)
    if not results.accompaniments:
        word.add_paragraph("Aucune académie ne se détache comme ayant besoin d'un accompagnement.")
    for axis, item in results.accompaniments:
        word.add_paragraph(
            f"{axis.label}\u00a0: {item.academy_phrase} ({item.score_label}) pourrait être accompagnée par "
            f"{item.tutor_phrase} ({item.tutor_score_label}).",
            style="List Bullet",
        )


def synthesis_docx(doc: SynthesisDocument) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor

    word = Document()
    word.core_properties.title = f"{doc.title} — {doc.subtitle}"
    word.core_properties.language = "fr-FR"
    word.core_properties.author = "Semaine de la persévérance scolaire"
    normal = word.styles["Normal"]
    normal.font.name = "Marianne"
    normal.font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2"):
        word.styles[name].font.color.rgb = RGBColor.from_string(BLUE)
    links_base = settings.SITE_URL.rstrip("/")

    word.add_paragraph("Ministère de l'Éducation nationale").runs[0].bold = True
    word.add_paragraph("Semaine de la persévérance scolaire", style="Subtitle")
    word.add_paragraph(doc.title, style="Title")
    word.add_paragraph(doc.subtitle, style="Subtitle")
    word.add_paragraph(doc.publication_mark).runs[0].italic = True
    word.add_paragraph("Tous mobilisés pour vaincre le décrochage scolaire")

    word.add_heading("Introduction", level=1)
    for paragraph in doc.introduction:
        word.add_paragraph(paragraph)

    if doc.is_national:
        _overview(word, doc)

    for section in doc.available_sections:
        heading = word.add_heading(section.heading, level=1)
        heading.paragraph_format.page_break_before = True
        if section.lead:
            word.add_paragraph(section.lead)
        facts = word.add_paragraph()
        for label, value in (("Édition", section.edition_label), ("Dates", section.dates), ("Thème", section.theme)):
            if not value:
                continue
            if facts.runs:
                facts.runs[-1].add_break(WD_BREAK.LINE)
            facts.add_run(f"{label}\u00a0: ").bold = True
            facts.add_run(value)
        if section.notable_events:
            word.add_heading("Temps forts", level=2)
            for event in section.notable_events:
                word.add_paragraph(event, style="List Bullet")

        word.add_heading("Chiffres clés", level=2)
        box = word.add_table(rows=1, cols=1)
        box.style = "Table Grid"
        cell = box.rows[0].cells[0]
        _shade(cell, "F5F5FE")
        levels = cell.paragraphs[0]
        for index, (label, value) in enumerate(section.level_boxes):
            mark = "N.C." if value is None else (TICKED if value else UNTICKED)
            text = f"{label}\u00a0: N.C." if value is None else f"{mark} {label}"
            levels.add_run(("    " if index else "") + text)
        for label, figure in (
            ("Nombre d'actions identifiées", section.row.actions),
            ("Nombre d'écoles et d'établissements impliqués", section.row.schools),
        ):
            line = cell.add_paragraph()
            line.add_run(f"{label}\u00a0: ")
            line.add_run(str(figure.cell)).bold = True
            if figure.aside:
                line.add_run(f" ({figure.aside})").italic = True
        if section.source_note:
            cell.add_paragraph().add_run(section.source_note).italic = True

        word.add_heading("Partenaires", level=2)
        for paragraph in section.partners or ["N.C."]:
            word.add_paragraph(paragraph)

        if section.examples:
            word.add_heading(f"Exemples d'actions mises en œuvre dans l'{section.heading}", level=2)
            for example in section.examples:
                item = word.add_paragraph(style="List Bullet")
                _hyperlink(item, links_base + example.url, example.title)
                rest = ", ".join(part for part in (example.carrier, example.communes) if part)
                if rest:
                    item.add_run(f", {rest}")
                if example.is_national:
                    item.add_run(" (exemple national)").italic = True
                elif example.is_flagship:
                    item.add_run(" (action phare)").italic = True
                if example.argument:
                    word.add_paragraph(example.argument)

        if section.prizes:
            word.add_heading("Prix", level=2)
            for line in section.prizes:
                word.add_paragraph(line, style="List Bullet")

        if section.axes:  # none suggested nor written: the part is left out, as in the PDF
            word.add_heading("Axes de travail pour la prochaine édition", level=2)
            for axis in section.axes:
                item = word.add_paragraph(style="List Bullet")
                item.add_run(axis.text)
                if axis.reason:
                    item.add_run(f" — {axis.reason}").italic = True

    if doc.unavailable_sections:
        heading = word.add_heading("Données non disponibles", level=1)
        heading.paragraph_format.page_break_before = True
        word.add_paragraph(
            f"Les données des académies suivantes ne sont pas disponibles pour l'édition {doc.campaign.school_year}\u00a0:"
        )
        for section in doc.unavailable_sections:
            word.add_paragraph(f"{section.heading}\u00a0: données non disponibles", style="List Bullet")

    heading = word.add_heading("Conclusion", level=1)
    heading.paragraph_format.page_break_before = True
    word.add_heading("Grille d'évaluation nationale", level=2)
    _grid(word, doc)
    word.add_heading("Perspectives pour la prochaine édition", level=2)
    for paragraph in doc.conclusion:
        word.add_paragraph(paragraph)
    lead, items = doc.perspectives
    if items:
        word.add_paragraph(lead)
        for text in items:
            word.add_paragraph(text, style="List Bullet")

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
