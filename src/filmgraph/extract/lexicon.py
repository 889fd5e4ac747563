"""Small closed word lists the prose rules use: titles, kinship, roles, relation verbs.

Generic English only: nothing here names a film, a character or a place.
"""

from __future__ import annotations

__all__ = [
    "BULLY_SUBJECTS",
    "CONNECTIVES",
    "FUNCTION_WORDS",
    "GROUP_KIN",
    "GROUP_ROLES",
    "KIN",
    "KIN_COMPOUNDS",
    "PRONOUNS",
    "ROLE_NOUNS",
    "STOP_CAPITALS",
    "TITLES",
    "TITLE_GENDER",
    "UNIQUE_ROLES",
]

#: Titles written before a name (``Mr. Pike``, ``Captain Hale``), lower case, no dot.
TITLES: frozenset[str] = frozenset(
    "mr mrs ms miss mx dr doctor prof professor captain capt sergeant sgt lieutenant lt "
    "colonel col general gen major officer detective inspector sheriff deputy judge "
    "father sister brother reverend rev pastor sir lady lord dame uncle aunt agent coach "
    "nurse principal mayor senator governor king queen prince princess count countess".split()
)
#: Titles that tell a gender.
TITLE_GENDER: dict[str, str] = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lady": "f", "lord": "m",
    "dame": "f", "father": "m", "sister": "f", "brother": "m", "uncle": "m", "aunt": "f",
    "king": "m", "queen": "f", "prince": "m", "princess": "f", "count": "m", "countess": "f",
}
# Titles that are also kinship words: "brother" before a name is a title only when
# capitalised, and is never read as kinship there.

#: Kinship (and kinship-like) nouns for one person: noun -> (relation kind, direction, gender).
#: ``direction`` says who is the source of the relation: ``"self"`` means the
#: person named by the noun (``X's mother`` -> mother parent_of X), ``"owner"``
#: the possessor (``X's son`` -> X parent_of son), ``"both"`` a symmetric kind,
#: None means the noun ties no relation of a known kind (a brother).
KIN: dict[str, tuple[str | None, str | None, str | None]] = {
    "mother": ("parent_of", "self", "f"),
    "mom": ("parent_of", "self", "f"),
    "mum": ("parent_of", "self", "f"),
    "stepmother": ("parent_of", "self", "f"),
    "father": ("parent_of", "self", "m"),
    "dad": ("parent_of", "self", "m"),
    "stepfather": ("parent_of", "self", "m"),
    "parent": ("parent_of", "self", None),
    "grandparent": ("grandparent_of", "self", None),
    "son": ("parent_of", "owner", "m"),
    "stepson": ("parent_of", "owner", "m"),
    "daughter": ("parent_of", "owner", "f"),
    "stepdaughter": ("parent_of", "owner", "f"),
    "child": ("parent_of", "owner", None),
    "grandmother": ("grandparent_of", "self", "f"),
    "grandma": ("grandparent_of", "self", "f"),
    "grandfather": ("grandparent_of", "self", "m"),
    "grandpa": ("grandparent_of", "self", "m"),
    "grandson": ("grandparent_of", "owner", "m"),
    "granddaughter": ("grandparent_of", "owner", "f"),
    "grandchild": ("grandparent_of", "owner", None),
    "wife": ("partner_of", "both", "f"),
    "husband": ("partner_of", "both", "m"),
    "spouse": ("partner_of", "both", None),
    "partner": ("partner_of", "both", None),
    "boyfriend": ("partner_of", "both", "m"),
    "girlfriend": ("partner_of", "both", "f"),
    "fiance": ("partner_of", "both", "m"),
    "fiancee": ("partner_of", "both", "f"),
    "widow": ("partner_of", "both", "f"),
    "widower": ("partner_of", "both", "m"),
    "lover": ("romantic", "both", None),
    "sweetheart": ("romantic", "both", None),
    "friend": ("friend_of", "both", None),
    "mentor": ("mentors", "self", None),
    "protege": ("mentors", "owner", None),
    "rival": ("rivals", "both", None),
    "nemesis": ("opposes", "self", None),
    "tormentor": ("bullies", "self", None),
    "brother": (None, None, "m"),
    "sister": (None, None, "f"),
    "half-brother": (None, None, "m"),
    "half-sister": (None, None, "f"),
    "stepbrother": (None, None, "m"),
    "stepsister": (None, None, "f"),
    "uncle": (None, None, "m"),
    "aunt": (None, None, "f"),
    "nephew": (None, None, "m"),
    "niece": (None, None, "f"),
    "cousin": (None, None, None),
    "godfather": (None, None, "m"),
    "godmother": (None, None, "f"),
}
#: Two-word kinship nouns, read as one head.
KIN_COMPOUNDS: dict[str, tuple[str | None, str | None, str | None]] = {
    "father figure": ("father_figure_of", "self", "m"),
    "mother figure": ("father_figure_of", "self", "f"),
    "best friend": ("friend_of", "both", None),
}

#: Kinship nouns for a group treated as one character (``Ivy's parents``).
GROUP_KIN: dict[str, tuple[str | None, str | None]] = {
    "parents": ("parent_of", "self"),
    "grandparents": ("grandparent_of", "self"),
    "foster parents": ("parent_of", "self"),
    "adoptive parents": ("parent_of", "self"),
    "in-laws": (None, None),
}

#: Role nouns: a person known by what they do (``the principal``, ``a doctor``).
ROLE_NOUNS: frozenset[str] = frozenset(
    """
    principal headmaster headmistress teacher tutor professor coach counselor counsellor
    doctor physician surgeon nurse psychiatrist therapist dentist vet veterinarian
    bully sheriff deputy marshal detective inspector officer policeman policewoman cop
    constable sergeant lieutenant captain colonel general major commander admiral soldier
    judge lawyer attorney prosecutor priest pastor minister reverend preacher rabbi imam
    nun monk bishop mayor governor senator president king queen prince princess
    landlord landlady boss manager owner foreman supervisor employer clerk secretary
    guard warden jailer gangster mobster hitman assassin killer murderer thief smuggler
    dealer informant spy agent reporter journalist editor banker shopkeeper bartender
    waitress waiter housekeeper maid butler nanny governess chauffeur driver pilot
    farmer rancher miner fisherman blacksmith carpenter mechanic servant mercenary
    narrator stranger drifter hermit witch wizard master mistress bailiff apprentice
    baker miller innkeeper merchant sailor soldier steward squire knight commander
    """.split()
)

#: Roles one person holds in a story's world (a school has one principal): "a stern
#: principal" is the principal already known, not somebody new.
UNIQUE_ROLES: frozenset[str] = frozenset(
    "principal headmaster headmistress mayor sheriff warden governor president landlord "
    "landlady".split()
)

#: Plural role nouns for a group that acts as one (``the villagers march``).
GROUP_ROLES: frozenset[str] = frozenset(
    """
    villagers townspeople townsfolk miners fishermen workers strikers soldiers farmers
    peasants sailors settlers rebels neighbors neighbours students classmates guards
    """.split()
)

#: Nouns for an anonymous person who is read as "the bully" when they taunt someone.
BULLY_SUBJECTS: frozenset[str] = frozenset(
    "student classmate boy girl kid teenager teen man woman youth schoolmate".split()
)

#: Personal pronouns and what they can point at.
PRONOUNS: dict[str, str] = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
    "they": "p", "them": "p", "their": "p", "theirs": "p",
}

#: Discourse adverbs and connectives that open a sentence ("Afterward, ...", "Years later, ...").
#: Capitalised only because they come first, they are never a name.
CONNECTIVES: frozenset[str] = frozenset(
    """
    afterward afterwards later meanwhile eventually finally then however soon thereafter
    subsequently ultimately suddenly instead still nevertheless nonetheless consequently
    therefore thus hence moreover furthermore besides anyway otherwise elsewhere overnight
    tonight today tomorrow yesterday now initially originally previously earlier first
    second third next last lastly years months weeks days hours decades back home together
    alone unfortunately fortunately luckily sadly tragically ironically undeterred
    heartbroken desperate furious devastated alas indeed also again yet already shortly
    immediately gradually slowly quickly suddenly outside inside upstairs downstairs abroad
    nearby everywhere somewhere nowhere elsewhere
    """.split()
)

#: Capitalised words that are never (part of) a character's name.
STOP_CAPITALS: frozenset[str] = CONNECTIVES | frozenset(
    """
    i a an the and or but if then when while after before as at by for from in into of on
    to with without yet so though although because since until despite during amid
    meanwhile later soon once there here this that these those his her their its our my
    your he she they we you it who whom whose what which where why how one two three
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    spring summer autumn fall winter christmas easter eve day night morning evening
    god heaven hell english french german spanish italian american european african asian
    mr mrs ms dr
    """.split()
)

#: Short words that may start a sentence and never start a name.
FUNCTION_WORDS: frozenset[str] = STOP_CAPITALS - {"mr", "mrs", "ms", "dr"}
