"""Exercise references, checkers and quizzes for the lessons, one module per lesson."""
