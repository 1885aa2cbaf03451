"""A corpus generated from a small grammar, whose word classes and analogies are known (chapter 08).

Every sentence comes from one of three templates:

    the <colour> <animal> <verb> the <food>
    the <place> <person> says <pronoun> <verb> the <food>
    <pronoun> sees a <colour> <animal> near the <place>

A person has a gender and a role. The pronoun of the second template agrees with the person's
gender (he, she) and the place fits the role ("the castle king", "the palace queen", "the school
girl", "the farm man": royals with castle or palace, children with school or park, adults with
farm or market), so within two words "king" shares its role with "queen" and its gender with
"man" and "boy": king - man + woman should land near queen. Within a class the words are interchangeable, so words of one class share their
contexts; that is what distributional word vectors pick up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import Tensor

ANIMALS = ("cat", "dog", "horse", "cow", "sheep", "goat")
FOODS = ("apple", "bread", "cheese", "rice", "carrot", "cake")
COLOURS = ("red", "green", "blue", "yellow", "white", "black")
VERBS = ("eats", "likes", "wants", "finds")
# (word, gender, role)
PEOPLE = (
    ("king", "male", "royal"),
    ("queen", "female", "royal"),
    ("man", "male", "adult"),
    ("woman", "female", "adult"),
    ("boy", "male", "child"),
    ("girl", "female", "child"),
)
PRONOUNS = {"male": "he", "female": "she"}
PLACES = {"royal": ("castle", "palace"), "adult": ("farm", "market"), "child": ("school", "park")}


def _analogies() -> tuple[tuple[str, str, str, str], ...]:
    """Every (a, b, c, d) with a : b = c : d over two roles and two genders, e.g. man : king = woman : queen."""
    by_key = {(gender, role): word for word, gender, role in PEOPLE}
    roles = sorted({role for _, _, role in PEOPLE})
    result = []
    for role_a in roles:
        for role_b in roles:
            if role_a == role_b:
                continue
            for g1, g2 in (("male", "female"), ("female", "male")):
                result.append((by_key[g1, role_a], by_key[g1, role_b], by_key[g2, role_a], by_key[g2, role_b]))
    return tuple(result)


@dataclass(frozen=True)
class GrammarCorpus:
    """Sentences of words, the vocabulary (most frequent first), the word classes and the analogies that hold."""

    sentences: list[list[str]]
    vocabulary: list[str]
    word_classes: dict[str, tuple[str, ...]]
    analogies: tuple[tuple[str, str, str, str], ...]
    index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {word: i for i, word in enumerate(self.vocabulary)})

    def encode(self) -> list[Tensor]:
        """Every sentence as a 1-D int64 tensor of word ids."""
        return [torch.tensor([self.index[w] for w in sentence], dtype=torch.int64) for sentence in self.sentences]

    def counts(self) -> Tensor:
        """(V,) int64: how often each word of the vocabulary occurs."""
        ids = torch.cat(self.encode())
        return torch.bincount(ids, minlength=len(self.vocabulary))

    def word_class(self, word: str) -> str | None:
        """The class a content word belongs to ("animal", "food", ...), None for the function words."""
        return next((name for name, words in self.word_classes.items() if word in words), None)


def make_grammar_corpus(num_sentences: int = 3000, seed: int = 0) -> GrammarCorpus:
    """Generate ``num_sentences`` sentences from the grammar in this module's docstring.

    Each template is chosen with probabilities 0.4, 0.4, 0.2 and every slot is filled uniformly
    at random from its word class, from a ``torch.Generator`` seeded with ``seed``.

    Args:
        num_sentences: >= 1.
        seed: the seed; the same seed gives the same corpus on every machine.

    Returns:
        A :class:`GrammarCorpus`.

    Example:
        >>> corpus = make_grammar_corpus(3, seed=0)
        >>> len(corpus.sentences), corpus.analogies[0]
        (3, ('man', 'boy', 'woman', 'girl'))
    """
    if not isinstance(num_sentences, int) or num_sentences < 1:
        raise ValueError(f"num_sentences must be an int >= 1, got {num_sentences!r}")
    gen = torch.Generator().manual_seed(seed)

    def pick(options):
        return options[int(torch.randint(len(options), (1,), generator=gen))]

    templates = torch.multinomial(torch.tensor([0.4, 0.4, 0.2]), num_sentences, replacement=True, generator=gen)
    all_places = tuple(p for places in PLACES.values() for p in places)
    sentences = []
    for template in templates.tolist():
        if template == 0:
            sentence = ["the", pick(COLOURS), pick(ANIMALS), pick(VERBS), "the", pick(FOODS)]
        elif template == 1:
            person, gender, role = pick(PEOPLE)
            sentence = ["the", pick(PLACES[role]), person, "says", PRONOUNS[gender], pick(VERBS), "the", pick(FOODS)]
        else:
            sentence = [
                pick(tuple(PRONOUNS.values())),
                "sees",
                "a",
                pick(COLOURS),
                pick(ANIMALS),
                "near",
                "the",
                pick(all_places),
            ]
        sentences.append(sentence)
    frequency: dict[str, int] = {}
    for sentence in sentences:
        for word in sentence:
            frequency[word] = frequency.get(word, 0) + 1
    vocabulary = sorted(frequency, key=lambda w: (-frequency[w], w))
    word_classes = {
        "animal": ANIMALS,
        "food": FOODS,
        "colour": COLOURS,
        "verb": VERBS,
        "person": tuple(word for word, _, _ in PEOPLE),
        "place": all_places,
    }
    return GrammarCorpus(sentences, vocabulary, word_classes, _analogies())
