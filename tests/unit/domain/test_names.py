"""Names as the duplicate guard reads them: tokens, nicknames and similarity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.domain.names import (
    canonical_given,
    generation_suffixes,
    given_forms,
    is_full_name,
    middle_tokens,
    name_similarity,
    name_tokens,
    same_given,
)

THRESHOLD = 0.85  # what matching calls a similar name
STRONG = 0.97  # what matching calls a near-identical name


# --- tokens ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Carol Roth", ("carol", "roth")),
        ("Roth, Carol", ("carol", "roth")),
        ("  ROTH ,  carol  ", ("carol", "roth")),
        ("Dr. Carol Roth", ("carol", "roth")),
        ("Mrs Carol Roth", ("carol", "roth")),
        ("Roth, Dr. Carol", ("carol", "roth")),
        ("Carol Roth Jr.", ("carol", "roth")),
        ("Carol Roth III", ("carol", "roth")),
        ("John Smith, Jr.", ("john", "smith")),
        ("Carol Roth, PhD", ("carol", "roth")),
        ("Smith, John, Jr.", ("john", "smith")),
        ("Carol Ann Roth", ("carol", "ann", "roth")),
        ("José Núñez", ("jose", "nunez")),
        ("Łukasz Søren", ("lukasz", "soren")),
        ("Straße", ("strasse",)),
        ("Seán O'Brien", ("sean", "obrien")),
        ("Seán O’Brien", ("sean", "obrien")),
        ("Mary-Jane Smith", ("mary", "jane", "smith")),
        ("J.R.R. Tolkien", ("j", "r", "r", "tolkien")),
        ('"Carol" <Roth>', ("carol", "roth")),
        ("Carol", ("carol",)),
    ],
)
def test_name_tokens_fold_reorder_and_drop_titles(name: str, tokens: tuple[str, ...]) -> None:
    assert name_tokens(name) == tokens


@pytest.mark.parametrize("name", ["", "   ", "Dr.", "Mr. Jr.", "!!! ???", ", ,"])
def test_a_name_without_words_has_no_tokens(name: str) -> None:
    assert name_tokens(name) == ()


def test_titles_are_only_dropped_in_front_and_suffixes_only_at_the_end() -> None:
    # "Ms" inside a name is kept: only a leading title is a title.
    assert name_tokens("Anna Ms Roth") == ("anna", "ms", "roth")
    assert name_tokens("Jr Smith") == ("jr", "smith")


def test_unicode_names_keep_their_letters() -> None:
    assert name_tokens("王小明") == ("王小明",)
    assert name_tokens("김민수") == ("김민수",)
    assert name_tokens("Дмитрий Иванов") == ("дмитрии", "иванов")
    assert name_tokens("Иванов, Дмитрий") == ("дмитрии", "иванов")


def test_full_names_have_two_words_or_one_run_of_cjk_letters() -> None:
    assert is_full_name(("carol", "roth"))
    assert is_full_name(name_tokens("王小明"))
    assert is_full_name(name_tokens("김민수"))
    assert not is_full_name(("carol",))
    assert not is_full_name(("王",))
    assert not is_full_name(())


# --- nicknames ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nickname", "formal"),
    [
        ("bob", "robert"),
        ("Rob", "robert"),
        ("Bobby", "robert"),
        ("bill", "william"),
        ("liz", "elizabeth"),
        ("Beth", "elizabeth"),
        ("kate", "katherine"),
        ("Katie", "katherine"),
        ("jim", "james"),
        ("jimmy", "james"),
        ("mike", "michael"),
        ("peggy", "margaret"),
        ("chuck", "charles"),
        ("Pepe", "jose"),
        ("paco", "francisco"),
        ("Дима", "дмитрии"),
    ],
)
def test_canonical_given_turns_a_nickname_into_its_formal_name(nickname: str, formal: str) -> None:
    assert canonical_given(nickname) == formal


@pytest.mark.parametrize("name", ["robert", "Elizabeth", "JOSÉ", "Zork", "carol"])
def test_formal_and_unknown_names_stay_themselves_folded(name: str) -> None:
    assert canonical_given(name) == name_tokens(name)[0]


def test_a_nickname_shared_by_several_names_may_be_any_of_them() -> None:
    assert {"christopher", "christine"} <= given_forms("Chris")
    assert same_given("chris", "christine")
    assert same_given("Chris", "Christopher")
    assert same_given("bobby", "rob")
    assert not same_given("bob", "william")
    assert not same_given("christopher", "christine")


# --- similarity -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("José Núñez", "Jose Nunez"),
        ("Carol Roth", "Roth, Carol"),
        ("Carol Roth", "Roth Carol"),
        ("Dr. Carol Roth", "Carol Roth"),
        ("Carol Roth", "CAROL  ROTH, PhD"),
        ("王小明", "王小明"),
        ("Дмитрий Иванов", "Иванов, Дмитрий"),
    ],
)
def test_the_same_words_in_any_dress_are_the_same_name(a: str, b: str) -> None:
    assert name_similarity(a, b) == 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bob Smith", "Robert Smith"),
        ("Smith, Bobby", "Robert Smith"),
        ("Liz Taylor", "Elizabeth Taylor"),
        ("Beth Taylor", "Elizabeth Taylor"),
        ("Bill Gates", "William Gates"),
        ("Kate Moss", "Katherine Moss"),
        ("Pepe Núñez", "José Nunez"),
    ],
)
def test_a_nickname_is_nearly_the_same_name_but_not_identical(a: str, b: str) -> None:
    assert 0.9 <= name_similarity(a, b) < STRONG


def test_a_nickname_only_counts_for_the_given_name() -> None:
    # "Frank" is a nickname of Francis, but as a family name it is just another word.
    assert name_similarity("Anne Frank", "Anne Francis") < THRESHOLD


def test_a_typo_is_similar_but_below_identical() -> None:
    typo = name_similarity("Carol Roth", "Carl Roth")
    assert THRESHOLD <= typo < 1.0
    assert name_similarity("Micheal Smith", "Michael Smith") >= THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Carol Roth", "Dan Roth"),
        ("Tim Roth", "Tom Roth"),
        ("John Smith", "John Miller"),
        ("Carol Smith", "Carol Roth"),
        ("Alexandria Worthington-Smythe", "Bob Worthington-Smythe"),
        ("Al Worthington-Smythe", "Bo Worthington-Smythe"),
        ("Ana María García López", "Rosa María García López"),
        ("王小明", "王晓明"),
    ],
)
def test_different_people_sharing_one_name_are_not_similar(a: str, b: str) -> None:
    assert name_similarity(a, b) < THRESHOLD


def test_a_left_out_middle_name_is_similar_not_identical() -> None:
    assert THRESHOLD <= name_similarity("Carol Ann Roth", "Carol Roth") < STRONG
    # Two different middle names contradict each other.
    assert name_similarity("Carol Ann Roth", "Carol Beth Roth") < THRESHOLD


def test_an_initial_stands_for_a_name_with_that_letter() -> None:
    assert name_similarity("C. Roth", "Carol Roth") >= THRESHOLD
    assert name_similarity("D. Roth", "Carol Roth") < THRESHOLD


def test_the_same_letters_split_differently_are_near_identical() -> None:
    assert name_similarity("Maryjane Smith", "Mary Jane Smith") >= STRONG


def test_a_similar_name_scores_higher_than_a_different_one() -> None:
    base = "Carol Roth"
    assert (
        name_similarity(base, base)
        > name_similarity(base, "Carl Roth")
        > name_similarity(base, "Dan Roth")
    )


@pytest.mark.parametrize(("a", "b"), [("", ""), ("", "Carol Roth"), ("Dr.", "Dr."), ("  ", "x")])
def test_a_name_without_words_is_similar_to_nothing(a: str, b: str) -> None:
    assert name_similarity(a, b) == 0.0
    assert name_similarity(b, a) == 0.0


names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
plausible = st.lists(
    st.sampled_from(["carol", "carl", "roth", "dr.", "bob", "robert", "smith", "josé", "王", ","]),
    max_size=5,
).map(" ".join)


@given(a=names | plausible, b=names | plausible)
def test_similarity_is_symmetric_and_between_0_and_1(a: str, b: str) -> None:
    score = name_similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == name_similarity(b, a)


@given(a=names | plausible)
def test_every_name_with_words_is_identical_to_itself(a: str) -> None:
    expected = 1.0 if name_tokens(a) else 0.0
    assert name_similarity(a, a) == expected


def test_generation_suffixes_are_read_but_titles_are_not_suffixes() -> None:
    assert generation_suffixes("John Smith Jr.") == {"jr"}
    assert generation_suffixes("Smith, John, III") == {"iii"}
    assert generation_suffixes("Sr. García") == frozenset()  # Señor, a title
    assert generation_suffixes("Dr. John Smith, PhD") == frozenset()
    assert middle_tokens(("john", "a", "smith")) == ("a",)
    assert middle_tokens(("john", "smith")) == ()


@pytest.mark.parametrize(
    ("name", "suffixes"),
    [
        ("John Smith J'r", {"jr"}),  # apostrophes go before words are read
        ("John Smith I`V", {"iv"}),
        ("JOHN SMITH JR", {"jr"}),
        ("John Smith Ⅲ", {"iii"}),  # a Roman numeral sign folds to "iii"
        ("John Smith ｊｒ", {"jr"}),  # full-width letters fold too
        ("Jiiv Smith", frozenset()),  # inside a word is no suffix
        ("Carol Roth", frozenset()),
    ],
)
def test_generation_suffixes_however_they_are_written(name: str, suffixes: set[str]) -> None:
    """Plain ASCII names without any suffix's letters skip the folding (issue 18): the
    same answer as folding them."""
    assert generation_suffixes(name) == suffixes


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("jrsivJRSIV ,.'`-_1aé")), max_size=24))
def test_generation_suffixes_of_plain_names_as_folding_reads_them(name: str) -> None:
    """The ASCII way (issue 18) reads the words that folding the name would give."""
    from relapp.domain.names import _GENERATIONS, _fold_word, _words

    words = [w for part in _fold_word(name).split(",") for w in _words(part)]
    assert generation_suffixes(name) == frozenset(w for w in words[1:] if w in _GENERATIONS)
