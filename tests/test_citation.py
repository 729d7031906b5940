"""Journal data as journals print it and compilers copy it (minilat.pipeline.citation), read
from the table of contents and the article header alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from factory import FakeArticle, digest

from minilat.errors import UserError
from minilat.pipeline.assemble.bibliography import article_slug
from minilat.pipeline.citation import CitationError, parse_citation, split_journal
from minilat.pipeline.parse import parse

# printed → (volume, issue, issue_end, year, pages, forthcoming), and the one-line form
CASES = {
    "Vol. 78, No. 6, 2024.": ((78, 6, None, 2024, None, False), "Vol. 78, No. 6, 2024"),
    "Forthcoming": ((None, None, None, None, None, True), "forthcoming"),
    "Vol. 36, No. 1-2, 2024.": ((36, 1, 2, 2024, None, False), "Vol. 36, No. 1–2, 2024"),
    "Vol. 100, Issue 3, 2024": ((100, 3, None, 2024, None, False), "Vol. 100, No. 3, 2024"),
    "No. 4, 2023.": ((None, 4, None, 2023, None, False), "No. 4, 2023"),
    "Vol. 65, 2023.": ((65, None, None, 2023, None, False), "Vol. 65, 2023"),
    "Vol. 45, No. 3, 2024, pp. 1-20.": ((45, 3, None, 2024, "1–20", False), "Vol. 45, No. 3, 2024, pp. 1–20"),
    "Online First.": ((None, None, None, None, None, True), "forthcoming"),
    "Published online: 12 March 2025": ((None, None, None, 2025, None, True), "forthcoming, 2025"),
    "Early View, 2025": ((None, None, None, 2025, None, True), "forthcoming, 2025"),
}


@pytest.mark.parametrize("printed", list(CASES))
def test_journal_data_as_printed(printed: str) -> None:
    c = parse_citation("J", printed)
    assert ((c.volume, c.issue, c.issue_end, c.year, c.pages, c.forthcoming), c.text) == CASES[printed]


@pytest.mark.parametrize(("printed", "message"), [
    ("Vol. 1, Chapter 2, 2024", "journal data part 'Chapter 2' not understood"),
    ("Vol. 1, No. 2", "without a year and not forthcoming"),
    ("", "no journal data"),
    ("Vol. 1, Vol. 2, 2024", "journal data part 'Vol. 2' not understood"),
])
def test_journal_data_not_understood_names_the_part(printed: str, message: str) -> None:
    with pytest.raises(CitationError, match=message):
        parse_citation("J", printed)


def test_journal_name_may_hold_commas() -> None:
    assert split_journal("Journal of Peace, Conflict and Development, Vol. 1, No. 2, 2020") == ("Journal of Peace, Conflict and Development", "Vol. 1, No. 2, 2020")
    assert split_journal("International Affairs, Online First") == ("International Affairs", "Online First")
    assert split_journal("International Affairs") is None


@pytest.mark.parametrize("printed", list(CASES))
def test_digest_with_such_journal_data_parses_and_agrees_with_its_contents(tmp_path: Path, printed: str) -> None:
    path = tmp_path / "d.txt"
    path.write_text(digest([FakeArticle(volume=printed, authors="Ann Author et al.")], width=30, keep_words=True), encoding="utf-8")
    d = parse(path)
    article = d.articles[0]
    assert d.mismatches == [] and article.citation == d.toc[0].citation
    assert article.citation.text == CASES[printed][1]
    assert (article.authors, article.et_al) == (["Ann Author"], True)
    year = CASES[printed][0][3]
    assert article_slug(article) == f"author-et-al-{year or 'forthcoming'}"


def test_bad_journal_data_is_one_line_naming_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text(digest([FakeArticle(volume="Vol. 1, Chapter 2, 2024.")], width=30, keep_words=True), encoding="utf-8")
    with pytest.raises(UserError) as err:
        parse(path)
    assert str(err.value).startswith(f"{path}:") and "'Chapter 2' not understood" in str(err.value) and "\n" not in str(err.value)


HEADER = "\n\nAnn One, Bob Two, Cy Three and Dee Four \n\nJournal of the Indian Ocean Region and Pacific Studies \n\nVol. 78, No. 6, 2024. \n\n"
WRAPPED = {
    "journal": "\n\nAnn One, Bob Two, Cy Three and Dee Four \n\nJournal of the Indian Ocean Region and \n\nPacific Studies \n\nVol. 78, No. 6, 2024. \n\n",
    "authors": "\n\nAnn One, Bob Two, \n\nCy Three and Dee Four \n\nJournal of the Indian Ocean Region and Pacific Studies \n\nVol. 78, No. 6, 2024. \n\n",
    "journal data": "\n\nAnn One, Bob Two, Cy Three and Dee Four \n\nJournal of the Indian Ocean Region and Pacific Studies \n\nVol. 78, No. 6, \n\n2024. \n\n",
    "everything": "\n\nAnn One, Bob Two, \n\nCy Three and Dee Four \n\nJournal of the Indian Ocean Region and \n\nPacific Studies \n\nVol. 78, No. 6, \n\n2024. \n\n",
}


@pytest.mark.parametrize("part", list(WRAPPED))
def test_article_header_lines_that_wrap(tmp_path: Path, part: str) -> None:
    # A journal name wrapped onto a second header line was read as the journal data ('Pacific Studies' not understood).
    text = digest([FakeArticle(authors="Ann One, Bob Two, Cy Three and Dee Four", journal="Journal of the Indian Ocean Region and Pacific Studies",
                               volume="Vol. 78, No. 6, 2024.")], keep_words=True)
    assert text.count(HEADER) == 1
    path = tmp_path / "d.txt"
    path.write_text(text.replace(HEADER, WRAPPED[part]), encoding="utf-8")
    d = parse(path)
    a = d.articles[0]
    assert (a.authors, a.citation.journal, a.citation.text) == (["Ann One", "Bob Two", "Cy Three", "Dee Four"], "Journal of the Indian Ocean Region and Pacific Studies", "Vol. 78, No. 6, 2024")
    assert a.title_en == "A Title" and d.mismatches == []
