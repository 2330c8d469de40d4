"""The drawings of :mod:`venusedu.diagrams`, one module per idea.

Import the drawings from :mod:`venusedu.diagrams`, their public face; see its
docstring for what lives where. The modules here import from
:mod:`venusedu.model`, :mod:`venusedu.params`, :mod:`venusedu.vision`,
:mod:`venusedu.style` and :mod:`venusedu.anatomy` and from each other
(``base`` first, ``multiples`` last), never from the app or the exercises.
"""
