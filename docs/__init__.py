"""The course documents. In the wheel this folder is the package ``venusedu.docs``.

``venusedu start DIR`` copies ``MODEL.md`` and ``SOURCES.md`` from there into
a workspace beside the lessons (see ``venusedu/workspace.py`` and
``[tool.setuptools]`` in ``pyproject.toml``). This file only makes the folder
importable; it holds no code.
"""
