"""Two article pages with accented and Cyrillic letters, to be served or given as bytes in a
legacy encoding (cp1252, cp1251) that nothing declares."""

from __future__ import annotations

FRENCH = (
    "<html><head><title>Le conseil s'est réuni</title></head><body><article>"
    + "".join(
        f"<p>Paragraphe {n} : le conseil municipal s'est réuni jeudi soir à l'hôtel de "
        "ville pour débattre du budget, et les élus ont voté la rénovation du théâtre.</p>"
        for n in range(6)
    )
    + "</article></body></html>"
)
RUSSIAN = (
    "<html><head><title>Новый мост открыт</title></head><body><article>"
    + "".join(
        f"<p>Абзац {n}: после трёх лет строительства новый мост через реку открыли для "
        "движения в понедельник утром, и сотни жителей пришли на церемонию.</p>"
        for n in range(6)
    )
    + "</article></body></html>"
)
