"""Site rule packs: data files keyed by domain, applied to that domain and its subdomains."""

from __future__ import annotations

import pytest

from cleaners import clean_text
from cleaners.rules import phrases

TEXT = (
    "Harbour reopens after storm\n\n"
    "The harbour reopened on Friday after three days of storms, the port authority said.\n"
    "Gull Watch Weekly\n"
    "Fishing boats were allowed to leave from noon, and ferries will resume on Saturday.\n"
)


@pytest.fixture
def pack_dir(tmp_path, monkeypatch):
    (tmp_path / "example.org.toml").write_text(
        '[[rule]]\nid = "promo"\nmax_words = 5\npatterns = ["gull watch weekly"]\n'
    )
    monkeypatch.setenv(phrases.SITE_RULES_ENV, str(tmp_path))
    return tmp_path


def test_a_site_pack_applies_to_its_domain_and_subdomains(pack_dir):
    for url in ("https://example.org/a", "https://www.example.org/b"):
        record = clean_text(TEXT, url=url)
        assert [(r.rule, r.text) for r in record.removed if r.text == "Gull Watch Weekly"] == [
            ("site:example.org:promo", "Gull Watch Weekly")
        ]


def test_a_site_pack_does_not_apply_elsewhere(pack_dir):
    assert "Gull Watch Weekly" in clean_text(TEXT, url="https://example.com/a").text
    assert "Gull Watch Weekly" in clean_text(TEXT).text


def test_a_malformed_pack_names_its_file_and_rule(tmp_path):
    bad = tmp_path / "bad.example.toml"
    bad.write_text('[[rule]]\nid = "broken"\npatterns = ["(unclosed"]\n')
    with pytest.raises(ValueError, match=r"bad\.example\.toml.*broken"):
        phrases.load_rules(bad)


def test_the_shipped_packs_load():
    packs = [p for p in (phrases.RULES_DIR / "sites").iterdir() if p.name.endswith(".toml")]
    assert packs
    for pack in packs:
        assert phrases.load_rules(pack)


def test_rules_load_from_a_zipped_package(tmp_path):
    """scrapyd runs the project from an egg: the rule files must load from a zip."""
    import subprocess
    import sys
    import zipfile
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "cleaners"
    archive = tmp_path / "project.egg"
    with zipfile.ZipFile(archive, "w") as egg:
        for path in package.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                egg.write(path, path.relative_to(package.parent).as_posix())
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import cleaners; "
        "assert cleaners.__file__.startswith(sys.argv[1]), cleaners.__file__; "
        "r = cleaners.clean_text('Title here\\n\\nA long enough first sentence of the story.\\n"
        "SHARE THIS ARTICLE', url='https://www.chinadaily.com.cn/x'); "
        "print(r.removed[-1].rule)"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", code, str(archive)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "share_prompt"


def test_the_china_daily_pack_removes_its_section_promos(shared_dir):
    seed = (shared_dir / "seeds" / "003_0c38d4ad67123643.txt").read_text(encoding="utf-8")
    record = clean_text(seed, url="https://www.chinadaily.com.cn/world/2016-04/02/content.htm")
    rules = {r.text: r.rule for r in record.removed}
    assert rules["US Weekly"] == "site:chinadaily.com.cn:section_promo"
    assert rules["Geared to go |"] == "site:chinadaily.com.cn:section_promo"
    assert clean_text(seed).text == record.text
