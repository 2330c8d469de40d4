"""The lessons. In the wheel this folder is the package ``venusedu.lessons``.

``venusedu start DIR`` copies the lessons from there into a workspace (see
``venusedu/workspace.py`` and ``[tool.setuptools]`` in ``pyproject.toml``).
This file only makes the folder importable; it holds no code.
"""
