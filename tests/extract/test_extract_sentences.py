from service.extract.sentences import MAX_SENTENCE, split


def test_offsets_and_abbreviations():
    text = "Officials met on Jan. 9 in the U.S. capital. Gen. Smith spoke.\n\nA new paragraph!"
    sents = split(text)
    assert [s.text for s in sents] == [
        "Officials met on Jan. 9 in the U.S. capital.",
        "Gen. Smith spoke.",
        "A new paragraph!",
    ]
    for s in sents:
        assert text[s.start : s.end] == s.text
    assert sents[0].para == sents[1].para != sents[2].para


def test_glued_sentences_are_split():
    assert [s.text for s in split("over the Tula Region.Moscow said more.")] == [
        "over the Tula Region.",
        "Moscow said more.",
    ]


def test_long_runs_are_cut():
    text = "word " * 2000
    assert all(len(s.text) <= MAX_SENTENCE for s in split(text))
