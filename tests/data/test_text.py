"""Is the grammar corpus reproducible, and do its sentences follow the grammar the chapter relies on?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers.data import make_grammar_corpus
from dl_helpers.data.text import PEOPLE, PLACES, PRONOUNS


def test_the_same_seed_gives_the_same_corpus_and_another_seed_another():
    assert make_grammar_corpus(200, seed=3).sentences == make_grammar_corpus(200, seed=3).sentences
    assert make_grammar_corpus(200, seed=3).sentences != make_grammar_corpus(200, seed=4).sentences


def test_pronouns_agree_with_the_person_and_places_fit_the_role():
    people = {word: (gender, role) for word, gender, role in PEOPLE}
    corpus = make_grammar_corpus(500, seed=0)
    seen = 0
    for sentence in corpus.sentences:
        if sentence[2] in people:
            gender, role = people[sentence[2]]
            assert sentence[1] in PLACES[role] and sentence[4] == PRONOUNS[gender], sentence
            seen += 1
    assert seen > 100


def test_vocabulary_is_sorted_by_frequency_and_encode_and_counts_fit_it():
    corpus = make_grammar_corpus(1000, seed=1)
    counts = corpus.counts()
    assert counts.sum() == sum(len(s) for s in corpus.sentences)
    assert (counts[:-1] >= counts[1:]).all() and corpus.vocabulary[0] == "the"
    ids = corpus.encode()
    assert [corpus.vocabulary[i] for i in ids[0].tolist()] == corpus.sentences[0]
    assert all(t.dtype == torch.int64 for t in ids)
    every_content_word = {w for words in corpus.word_classes.values() for w in words}
    assert every_content_word <= set(corpus.vocabulary)
    assert corpus.word_class("the") is None and corpus.word_class("queen") == "person"


def test_analogies_pair_two_roles_with_two_genders():
    people = {word: (gender, role) for word, gender, role in PEOPLE}
    analogies = make_grammar_corpus(1, seed=0).analogies
    assert len(analogies) == 12 and ("man", "king", "woman", "queen") in analogies
    for a, b, c, d in analogies:
        assert people[a][0] == people[b][0] != people[c][0] == people[d][0]
        assert people[a][1] == people[c][1] != people[b][1] == people[d][1]


def test_a_bad_size_is_refused():
    with pytest.raises(ValueError, match="num_sentences"):
        make_grammar_corpus(0)
