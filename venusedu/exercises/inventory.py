"""Concept inventory: the same ten questions before the course (lesson 00) and after it (lesson 07).

Lesson 00 shows the questions as text and reports only the number right
(:meth:`venusedu.quiz.Quiz.score`), so no answer is seen before the lessons;
lesson 07 asks them again with feedback, and the class's normalised gain
(:func:`venusedu.quiz.normalized_gain`) says how much of what could be learnt
was (see the instructor guide, *Concept inventory*). Every wrong option names
the misconception it stands for (``M1``..``M10`` of the instructor guide) or,
for anatomy, the landmark it confuses.
"""

from __future__ import annotations

import dataclasses

from ..quiz import Question, Quiz

__all__ = ["inventory", "TOPICS", "ANSWER_POSITIONS"]

#: Where each question's correct option is shown (0 = a): spread over a..d.
ANSWER_POSITIONS = (1, 3, 0, 2, 1, 3, 0, 1, 2, 3)


def _placed(q: Question, position: int) -> Question:
    """``q`` with its correct option moved to ``position`` (the wrong ones keep their order and feedback)."""
    wrong = [i for i in range(len(q.options)) if i != q.answer]
    order = wrong[:position] + [q.answer] + wrong[position:]
    new = {old: k for k, old in enumerate(order)}
    return dataclasses.replace(
        q,
        options=[q.options[i] for i in order],
        answer=position,
        hints={new[k]: v for k, v in q.hints.items()},
        misconceptions={new[k]: v for k, v in q.misconceptions.items()},
    )


#: What each question probes, and the lesson that teaches it.
TOPICS = {
    1: ("the landmark under the dimples", "01"),
    2: ("the midline look-alike", "01"),
    3: ("what is known of the tether", "01"),
    4: ("fat under the tether's insertion", "02"),
    5: ("fat over the tether's insertion", "03"),
    6: ("depth is not visibility", "04"),
    7: ("the direction of the light", "04"),
    8: ("training and the tether", "06"),
    9: ("where fat is lost", "06"),
    10: ("the most influential unknown", "07"),
}

_QUESTIONS = [
    Question(
        "Which bony landmark lies under each of the two lower-back dimples?",
        [
            "The top of the iliac crest, level with L4",
            "The posterior superior iliac spine (PSIS)",
            "The transverse process of the L5 vertebra",
            "The sacral hiatus, at the top of the gluteal cleft",
        ],
        answer=1,
        explanation="The dimples lie over the PSIS, level with the S2 spinous process in most people "
        "(81 of 100 CT scans, McGaugh et al. 2007); clinicians use them to find the PSIS.",
        hints={
            0: "The iliac crests reach higher, to about the L4 spinous process; the dimples sit lower, at S2.",
            2: "The L5 transverse processes lie deep, under the erector spinae, and above the PSIS.",
            3: "The top of the gluteal cleft is the lower corner of the Michaelis rhombus, on the "
            "midline; the dimples are its two side corners.",
        },
    ),
    Question(
        "A single pit on the midline just above the gluteal cleft of a newborn is…",
        [
            "a third dimple of Venus, a little lower down the back",
            "a sacral dimple, which doctors sometimes check for a spinal anomaly",
            "a sign that the baby's PSIS are unusually prominent",
            "proof that the dimples of Venus are inherited",
        ],
        answer=1,
        explanation="A midline sacral dimple is a different thing: most are harmless, but deep ones or "
        "ones far above the anus can go with occult spinal dysraphism, so they are examined "
        "(Kriss & Desai 1998). The dimples of Venus are paired and lateral, over the PSIS.",
        hints={
            0: "The dimples of Venus come in a pair, each about 5 cm from the midline; this pit is on the midline.",
            2: "The PSIS are lateral, about 5 cm either side; a midline pit lies over the sacrum or coccyx.",
            3: "M7-style over-reading: a pit says nothing about heredity, and this one is not a "
            "dimple of Venus at all.",
        },
        misconceptions={3: "M7"},
    ),
    Question(
        "What do anatomists know about a ligament from the PSIS to the skin of the dimple?",
        [
            "It is a named ligament described in the standard anatomy texts",
            "No dissection has traced it; fibrous bands make one plausible",
            "It is the tendon of gluteus maximus, attached to the skin",
            "It is known to be absent, so the dimples are gaps in the fat",
        ],
        answer=1,
        explanation="No dissection study names or traces it; the retinacula cutis that tie skin to deeper "
        "layers make a tether plausible. The course says untraced, not false.",
        hints={
            0: "M1: the name circulates on the web, but no anatomy text or dissection describes it.",
            2: "Gluteus maximus arises from the ilium and sacrum and inserts on the femur and the "
            "iliotibial tract, not on the skin.",
            3: "Untraced is not absent: the model keeps the tether as an assumption you can switch off.",
        },
        misconceptions={0: "M1"},
    ),
    Question(
        "Suppose a tether holds the skin down and all the fat lies under its end. What does more fat do to the pit?",
        [
            "It fills the pit, which becomes shallower",
            "Nothing: the tether fixes the depth",
            "It makes the pit deeper",
            "It moves the pit towards the midline",
        ],
        answer=2,
        explanation="The tether holds its end in place while the fat lifts the skin around it: the depth "
        "grows by about one millimetre per millimetre of fat, as in cellulite.",
        hints={
            0: "M2: fat under the tether's end cannot fill the pit; it lifts the skin around the held-down point.",
            1: "The tether fixes its end relative to the bone, not the depth of the skin around it.",
            3: "The tether's anchor on the bone stays where it is; the fat changes heights, not the position.",
        },
        misconceptions={0: "M2"},
    ),
    Question(
        "In the model, if the fat lies over the tether's end (a blanket), what does more fat do?",
        [
            "It makes the pit deeper, as the fat pushes the skin up around it",
            "It passes less of the tether's pull to the skin and spreads it",
            "It has no effect, since the tether pulls on the fascia",
            "It breaks the tether once the fat is thicker than 20 mm",
        ],
        answer=1,
        explanation="A layer of incompressible fat passes broad shapes and damps narrow ones; the thicker "
        "the blanket, the shallower and wider the pit at the skin.",
        hints={
            0: "That is the regime with the fat under the insertion (lesson 02), not the blanket.",
            2: "The fascia's pit reaches the skin only through the fat above it, which smooths it.",
            3: "Nothing in the model breaks; the pit fades smoothly as the fat thickens.",
        },
        misconceptions={0: "M2"},
    ),
    Question(
        "Two dimples, one 2 mm deep and 30 mm wide, one 1 mm deep and 8 mm wide, under the same "
        "raking light. Which can look more pronounced?",
        [
            "Always the deeper one, since depth is what we see",
            "The narrower one can: its slopes are steeper",
            "Neither: light shows shapes, never depressions",
            "Always the wider one, since the eye sees area",
        ],
        answer=1,
        explanation="The eye sees brightness, and under light brightness follows the slope of the skin: "
        "1 mm over 8 mm is steeper than 2 mm over 30 mm. Width also sets the spatial "
        "frequency the eye must detect.",
        hints={
            0: "M3: depth is not seen directly; the shading comes from the slopes.",
            2: "Shading from slopes is exactly how a depression shows.",
            3: "Area alone does not make contrast; a broad, gentle pit casts almost no shading.",
        },
        misconceptions={0: "M3"},
    ),
    Question(
        "Which light makes a shallow dimple easiest to see?",
        [
            "A camera flash aimed straight at the back",
            "A low light that grazes the skin from the side",
            "Diffuse light from a cloudy sky all around",
            "Any light, as long as it is bright enough",
        ],
        answer=1,
        explanation="Brightness changes with the slope most strongly when the light grazes the skin; a "
        "frontal light changes it only to second order in the slope and flattens shallow pits.",
        hints={
            0: "M4: a frontal flash flattens shallow relief.",
            2: "Diffuse light comes from every direction, so slopes barely change the brightness.",
            3: "Contrast is a ratio: a brighter lamp raises both the pit and its surroundings.",
        },
        misconceptions={0: "M4"},
    ),
    Question(
        "In the model, what can back training (deadlifts, hyperextensions, bridges) do?",
        [
            "Create dimples where there is no tether",
            "Define an existing dimple; not create one",
            "Burn the fat over the PSIS, then create one",
            "Nothing at all: muscle lies under the bone",
        ],
        answer=1,
        explanation="Muscle lifts everything over it except the tether's anchor on the bone, so with a "
        "tether the pit becomes more defined; with none there is nothing to hold the skin "
        "down. Training also builds look-alike ridges beside the spine.",
        hints={
            0: "M5: without a tether nothing holds the skin down; muscle only makes ridges.",
            2: "M6: exercise does not choose where fat is lost (no spot reduction).",
            3: "The erector spinae and gluteal muscles lie over the bone, under the fat.",
        },
        misconceptions={0: "M5", 2: "M6"},
    ),
    Question(
        "When a person loses body fat, where is it lost?",
        [
            "Mostly over the muscles they train hardest",
            "Mostly over the PSIS, which is why dimples appear",
            "Across the body, in a pattern one does not choose",
            "Only from the face and arms, never the back",
        ],
        answer=2,
        explanation="Spot reduction does not work: in a trial of abdominal training the fat over the "
        "trained muscles did not change (Vispute et al. 2011). Losing fat everywhere can "
        "reveal dimples that are already there.",
        hints={
            0: "M6: training a muscle does not remove the fat over it (Vispute et al. 2011).",
            1: "M6 again: no site loses fat on demand; dimples that appear were already there.",
            3: "Fat is lost from the back too, just not by choice of site.",
        },
        misconceptions={0: "M6", 1: "M6"},
    ),
    Question(
        "Which input of the dimple model matters most for visibility and has never been measured?",
        [
            "The skin's tension, measured on the forearm",
            "The dimple spacing, measured in pregnant women",
            "The share of fat above the tether's end",
            "The fat's stiffness, from MR elastography",
        ],
        answer=2,
        explanation="The superficial fraction (the share of the fat lying over the insertion) has the "
        "largest elasticity at the defaults, and nobody has imaged it at the PSIS.",
        hints={
            0: "M9: skin tension comes from measurements, and it matters less.",
            1: "The spacing is measured (obstetric studies) and shifts VI only a little.",
            3: "The stiffness has measurements behind it and a smaller effect.",
        },
        misconceptions={0: "M9", 1: "M9", 3: "M9"},
    ),
]

inventory = Quiz(
    "Concept inventory (the same questions before and after the course)",
    [_placed(q, k) for q, k in zip(_QUESTIONS, ANSWER_POSITIONS, strict=True)],
)
