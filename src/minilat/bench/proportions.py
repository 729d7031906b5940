"""How synthetic claims are shaped: proportions measured on the real graph (graphs/minilat.nq).

Counted with SPARQL over the real digest (105 claims, 238 propositions, 113 argument links)
when the claim model gained holders, modalities, propositions and argument-link nodes; the
counts are kept as weights, so the source of each number stays visible. Where the real
digest has none of something the ontology allows (compiler-held claims, contests links),
a small share is generated anyway so that every query has something to measure; those
deviations are marked.
"""

from __future__ import annotations

#: Modality by claim class (real class x modality counts).
MODALITY_BY_TYPE: dict[str, list[tuple[str, int]]] = {
    "EmpiricalFinding": [("Asserting", 28)],
    "CausalClaim": [("Asserting", 22), ("ReportingView", 1), ("Denying", 1)],
    "TypologyOrDefinition": [("Asserting", 14), ("Denying", 3), ("ReportingView", 3)],
    "ResearchQuestion": [("Asking", 13)],
    "PolicyRecommendation": [("Recommending", 8)],
    "ScenarioPrediction": [("Predicting", 7)],
    "StudyLimitation": [("StatingLimitation", 2)],
    "EditorialPosition": [("Recommending", 2), ("Asserting", 1)],
}
#: Claim classes (weights = real counts: the rows of MODALITY_BY_TYPE). A summary opens with
#: its research question, so after the first claim ResearchQuestion is drawn with
#: RQ_AFTER_FIRST instead (the real share of asking claims, 13/105, is kept overall);
#: EditorialPosition is the preface's.
CLAIM_TYPES = [(cls, sum(n for _, n in modalities)) for cls, modalities in MODALITY_BY_TYPE.items()]
RQ_AFTER_FIRST = 4
#: Share of the preface's claims (after its question) that are EditorialPosition (3 of 5).
EDITORIAL_SHARE = 0.6

#: Holders: the preface's claims are the editors' (6/6), a reported view is a state's (4/4,
#: quoted, not asserted), the rest the article's authors (95). The real digest has no
#: compiler-held claim; 1 % are generated so the holder kind is exercised (deviation).
COMPILER_SHARE = 0.01

#: Propositions per claim (real: 30 claims with 1, 41 with 2, ...).
PROPOSITIONS = [(1, 30), (2, 41), (3, 20), (4, 9), (5, 2), (6, 2), (8, 1)]
#: Predictions with a condition (4 of 7), and their number of outcomes (1, 1, 2, 3).
CONDITIONAL_SHARE = 4 / 7
OUTCOMES = [(1, 2), (2, 1), (3, 1)]

#: Content predicates by modality (real modality x predicate counts), by their curation key
#: (the ontology's mlo:predicateKey, as minilat.pipeline.assemble.claims names them). A recommendation's
#: first statement is a should-pursue (13 of its 21 statements are): later ones use
#: SHOULD_PURSUE_AFTER_FIRST for it.
PREDICATES_BY_MODALITY: dict[str, list[tuple[str, int]]] = {
    "Asserting": [("has_feature", 20), ("is_kind_of", 15), ("depends_on", 12), ("faces", 11), ("strengthens", 10),
                  ("causes", 10), ("aims_at", 9), ("responds_to", 9), ("influences", 8), ("erodes", 7), ("contrasts_with", 6),
                  ("lacks", 6), ("member_of", 6), ("complements", 4), ("hedges_against", 4), ("covers_case", 4),
                  ("perceives_as_threat", 3), ("operates_within", 2), ("instead_of", 2), ("dominated_by", 1)],
    "Asking": [("depends_on", 4), ("strengthens", 3), ("influences", 3), ("covers_case", 2), ("contrasts_with", 2),
               ("responds_to", 2), ("faces", 1), ("causes", 1), ("erodes", 1), ("complements", 1)],
    "Denying": [("is_kind_of", 9), ("strengthens", 4), ("aims_at", 4), ("causes", 1)],
    "Predicting": [("has_feature", 3), ("erodes", 3), ("strengthens", 3), ("influences", 3), ("hedges_against", 1),
                   ("faces", 1), ("dominated_by", 1), ("depends_on", 1)],
    "Recommending": [("should_pursue", 13), ("erodes", 2), ("complements", 2), ("has_feature", 2), ("dominated_by", 1),
                     ("operates_within", 1)],
    "ReportingView": [("aims_at", 4), ("influences", 1), ("is_kind_of", 1), ("lacks", 1), ("has_feature", 1), ("erodes", 1),
                      ("contrasts_with", 1)],
    "StatingLimitation": [("covers_case", 4)],
}
SHOULD_PURSUE_AFTER_FIRST = 3

#: Kinds of subject and object by predicate (real counts; the few political leaders, which
#: the generator does not model, count as states; theories come from ARTICLE_THEORY).
KINDS: dict[str, list[tuple[tuple[str, str], int]]] = {
    "aims_at": [(("concept", "concept"), 8), (("mechanism", "concept"), 5), (("state", "concept"), 4)],
    "causes": [(("concept", "concept"), 7), (("event", "event"), 1), (("event", "concept"), 1), (("state", "event"), 1),
               (("mechanism", "mechanism"), 1), (("event", "mechanism"), 1)],
    "complements": [(("concept", "concept"), 6), (("concept", "mechanism"), 1)],
    "covers_case": [(("concept", "concept"), 6), (("concept", "mechanism"), 2), (("concept", "state"), 2)],
    "depends_on": [(("concept", "concept"), 13), (("state", "concept"), 4)],
    "contrasts_with": [(("concept", "concept"), 9)],
    "dominated_by": [(("concept", "concept"), 2), (("state", "state"), 1)],
    "erodes": [(("concept", "concept"), 11), (("event", "state"), 1), (("state", "concept"), 1), (("concept", "mechanism"), 1)],
    "faces": [(("concept", "concept"), 9), (("mechanism", "concept"), 3), (("state", "concept"), 1)],
    "has_feature": [(("concept", "concept"), 22), (("mechanism", "concept"), 3), (("region", "concept"), 1)],
    "hedges_against": [(("state", "concept"), 5)],
    "influences": [(("concept", "concept"), 9), (("concept", "event"), 2), (("state", "concept"), 2), (("state", "state"), 1)],
    "instead_of": [(("concept", "concept"), 2)],
    "is_kind_of": [(("mechanism", "concept"), 15), (("concept", "concept"), 8), (("state", "concept"), 2)],
    "lacks": [(("concept", "concept"), 7)],
    "member_of": [(("state", "mechanism"), 6)],
    "operates_within": [(("concept", "concept"), 1), (("concept", "mechanism"), 1), (("state", "concept"), 1)],
    "perceives_as_threat": [(("state", "state"), 3)],
    "responds_to": [(("concept", "concept"), 7), (("state", "concept"), 2), (("mechanism", "mechanism"), 1),
                    (("mechanism", "concept"), 1)],
    "should_pursue": [(("concept", "concept"), 13)],
    "strengthens": [(("concept", "concept"), 15), (("mechanism", "concept"), 3), (("state", "concept"), 2)],
}

#: Negated statements (17 of 238): a denial negates its first statement and 5 of its other
#: 14; recommendations 2 of 21 (warnings), assertions 3 of 151, limitations 3 of 4.
NEGATED_AFTER_FIRST = {"Denying": 0.36, "Recommending": 0.1, "Asserting": 0.02, "StatingLimitation": 0.75}
#: Statements with a means (25 of 238, 30 means: 90 % concepts), by modality.
MEANS = {"Recommending": 0.24, "Denying": 0.33, "Asserting": 0.09, "Asking": 0.04}
SECOND_MEANS = 0.2
MEANS_MECHANISM = 0.1
#: Qualifiers per statement: a region (16/238), a start time (15/238; 1 a decade), an end time (2/238).
IN_REGION = 0.067
START_TIME = 0.063
DECADE = 1 / 15
END_TIME = 0.008
#: A recommendation names its addressee (2 of 10).
ADDRESSEE = 0.2
#: An article applies a theory of IR in one of its assertions (1 of 4 articles).
ARTICLE_THEORY = 0.25

#: A later statement of a claim keeps an earlier one's subject (84 of 133: 154 distinct
#: subjects for 238 statements of 105 claims).
SAME_SUBJECT = 84 / 133
#: ... and 81 of 238 objects recur in another statement of the claim (chains: A causes B, B erodes C).
CHAINED_OBJECT = 0.35
#: Topics per claim (86 with 1, 18 with 2, 1 with 3). About-links beyond the statements'
#: entities: 106 of 423, one per claim (drawn 0-2); statements' entities
#: left out of about: 44 of 336.
TOPICS = [(1, 86), (2, 18), (3, 1)]
EXTRA_ABOUT = (0, 2)
#: What the extra about-links are (role, kind of entity): context mostly, then actors and examples,
#: so that the roles' totals come near the real ones (context 131, actor 57, example 32 of 423).
EXTRA_ROLES = [(("placesInContext", "concept"), 55), (("concernsActor", "state"), 30), (("citesExample", "mechanism"), 15)]
ABOUT_SKIP = 44 / 336

#: Argument links (113 for 105 claims). Within one summary (92, no origin, no rationale;
#: per claim after the summary's first, 100): elaborates 56, supports 24, qualifies 12.
#: Across summaries (21 for 105 claims, each with
#: a rationale): supports 15, qualifies 6; 19 are a curator's reading (the readings
#: graph), 2 stated in the digest. The real digest has no contests link: 2 % of claims
#: contest one across summaries, so that contests queries have something (deviation).
LINKS_WITHIN = [("elaborates", 0.56), ("supports", 0.24), ("qualifies", 0.12)]
LINKS_ACROSS = [("supports", 0.14), ("qualifies", 0.06), ("contests", 0.02)]
CURATOR_SHARE = 19 / 21
#: Share of cross-summary links that reach into an earlier issue (the real digest is one issue).
ACROSS_ISSUES = 0.3

#: Dated issue areas: one mechanism in 14 (a minilateral: the Quad) turns to new issue
#: areas at a stated year (3 areas); institutions and treaty regimes are dated from their
#: reference source (background layer; the real digest has none yet: deviation).
MINILATERAL_TURN = 1 / 14
AREA_END = 0.1

#: IR theories an article may apply (English, Chinese).
THEORIES = [("neoclassical-realism", "neoclassical realism", "新古典现实主义"),
            ("liberal-institutionalism", "liberal institutionalism", "新自由制度主义"),
            ("constructivism", "constructivism", "建构主义"), ("offensive-realism", "offensive realism", "进攻性现实主义"),
            ("balance-of-threat", "balance of threat theory", "威胁平衡理论"),
            ("regime-theory", "regime theory", "国际机制理论"),
            ("hegemonic-stability", "hegemonic stability theory", "霸权稳定论"),
            ("securitization", "securitization theory", "安全化理论")]
#: World regions a statement may be qualified with (the real digest names 3).
REGIONS = 12
